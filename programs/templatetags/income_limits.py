"""`{{ amount|dollars }}`: whole dollars as the income limits are written."""

from django import template

from ..income_limits import dollars as dollars_text

register = template.Library()


@register.filter
def dollars(amount):
    return dollars_text(amount)
