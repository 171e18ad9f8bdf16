"""Filters for notification templates."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def iso_date(value):
    """An ISO date stored in a notification's context, as a date for |date."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
