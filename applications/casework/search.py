"""Staff search: the modeladmin search, plus phone numbers however they are typed.

Phones are stored as E.164 (`+15550100123`); staff type `555.010.0123`,
`(555) 010-0123` or `555-010-0123`, which the word-by-word search never finds. A query
that reads as a phone number is parsed with `phonenumbers` (the portal's default
region) and matched to the stored number.
"""

import re

import phonenumbers
from django.conf import settings
from wagtail_modeladmin.helpers import DjangoORMSearchHandler

PHONE_LIKE = re.compile(r"[\d\s().+\-]{7,}")


def phone_query(term):
    """The E.164 form of a search term that is a phone number, or None."""
    term = term.strip()
    if not PHONE_LIKE.fullmatch(term):
        return None
    try:
        number = phonenumbers.parse(term, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneAwareSearchHandler(DjangoORMSearchHandler):
    """`phone_field` names the stored phone, as a lookup from the listed model."""

    phone_field = "user__phone_number"

    def search_queryset(self, queryset, search_term, **kwargs):
        found = super().search_queryset(queryset, search_term, **kwargs)
        phone = phone_query(search_term or "")
        if phone:
            found = found | queryset.filter(**{self.phone_field: phone})
        return found


class ApplicationSearchHandler(PhoneAwareSearchHandler):
    phone_field = "household__user__phone_number"
