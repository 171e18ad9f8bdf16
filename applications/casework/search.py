"""Staff search: words matched by their beginning against an index of each
household's words, plus phone numbers however they are typed.

A search reads only the households it finds, so it costs the same among 100,000
households as among 1,000 (a substring search over names, email and address read
every one). Each word typed must begin a word of the household's: the applicant's
first and last name, email, phone, street, city or ZIP code. Case and accents do
not count (`nunez` finds Núñez), and `maria gar` finds Maria Garcia. What a
word-start search no longer finds is the middle of a word (`arcia`).

Phones are stored as E.164 (`+15550100123`); staff type `555.010.0123`,
`(555) 010-0123` or `555-010-0123`. A query that reads as a phone number is parsed
with `phonenumbers` (the portal's default region) and matched to the stored number
(its digits are one of the household's words).

The words are kept in `SearchTerm`, rebuilt whenever a household or its applicant
is saved with a field they come from (`connect_signals`, from the app's `ready`).
Bulk writes that skip signals call `index_households` themselves.
"""

import re
import unicodedata

import phonenumbers
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_save
from wagtail_modeladmin.helpers.search import BaseSearchHandler

PHONE_LIKE = re.compile(r"[\d\s().+\-]{7,}")
WORD = re.compile(r"[^\W_]+")

# A search looks up its longest words, at most this many: a pasted page of text
# would otherwise be a query with a lookup per word.
MAX_WORDS = 8
SAMPLE = 200  # terms counted per word to find the rarest

# Where each household's words come from.
USER_FIELDS = ("first_name", "last_name", "email", "phone_number")
HOUSEHOLD_FIELDS = ("street", "city", "zip_code")


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


def words(text):
    """The words of a text, lower case, accents taken off, each at most as long as a
    stored term."""
    from ..models import SearchTerm

    folded = "".join(
        c
        for c in unicodedata.normalize("NFKD", str(text or ""))
        if not unicodedata.combining(c)
    ).casefold()
    return [word[: SearchTerm.MAX_LENGTH] for word in WORD.findall(folded)]


def household_words(household, user):
    """Every word the household can be found by (a set: each is stored once)."""
    found = set()
    for field in USER_FIELDS:
        found.update(words(getattr(user, field)))
    for field in HOUSEHOLD_FIELDS:
        found.update(words(getattr(household, field)))
    phone = getattr(user, "phone_number", None)
    if phone and getattr(phone, "national_number", None):
        # The number as it is dialled at home, so `5550100` finds +1 555 010 0123.
        found.add(str(phone.national_number))
    return found


def index_households(households):
    """Rebuild the words of these households (each with its `user` at hand)."""
    from ..models import SearchTerm

    households = list(households)
    # Two saves at once (a double click) both rebuild: neither may fail on the
    # other's rows, and what is left is one set of words.
    with transaction.atomic():
        SearchTerm.objects.filter(household__in=[h.pk for h in households]).delete()
        SearchTerm.objects.bulk_create(
            (
                SearchTerm(household_id=household.pk, term=term)
                for household in households
                for term in sorted(household_words(household, household.user))
            ),
            ignore_conflicts=True,
        )


def _touches(update_fields, fields):
    return update_fields is None or not set(update_fields).isdisjoint(fields)


def _household_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, HOUSEHOLD_FIELDS + ("user",)):
        index_households([instance])


def _user_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    # Signing in saves `last_login` alone, which changes no word.
    if raw or not _touches(update_fields, USER_FIELDS):
        return
    from ..models import Household

    household = Household.objects.filter(user=instance).first()
    if household is not None:
        household.user = instance
        index_households([household])


def connect_signals():
    from django.contrib.auth import get_user_model

    from ..models import Household

    post_save.connect(
        _household_saved, sender=Household, dispatch_uid="search_terms.household"
    )
    post_save.connect(
        _user_saved, sender=get_user_model(), dispatch_uid="search_terms.user"
    )


def _starting_with(prefix):
    """Terms that begin with `prefix`, read from the term index. PostgreSQL reads
    LIKE 'prefix%' from the index Django gives a text column for it; SQLite's LIKE
    ignores case and cannot, but terms are lower case and compared byte by byte
    there, so a range is the same test."""
    if connection.vendor == "postgresql":
        return Q(term__startswith=prefix)
    return Q(term__gte=prefix, term__lt=prefix + "\U0010ffff")


def rarest_first(typed):
    """The words, the one that begins the fewest terms first (counted up to
    `SAMPLE` each, in one query): in `bench0@example.com`, "bench0" picks the
    households and "example" and "com", in every address, are checked for those."""
    from ..models import SearchTerm

    if len(typed) < 2:
        return typed
    counts, params = [], []
    for word in typed:
        sample = SearchTerm.objects.filter(_starting_with(word)).values("pk")[:SAMPLE]
        sql, word_params = sample.query.sql_with_params()
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) AS sample)")
        params.extend(word_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(counts), params)
        found = cursor.fetchone()
    ranked = sorted(zip(found, range(len(typed)), typed, strict=True))
    return [word for _count, _position, word in ranked]


class TermSearchHandler(BaseSearchHandler):
    """Each word of the query begins one of the household's words, or the query is
    the household's phone number. `household_field` leads from the listed model
    to the household ("pk" when it is the household).

    The rarest word picks the households; each other word is then looked up for
    those households alone, so `bench5@example.com` never gathers every household
    with "example" or "com" in it.
    """

    household_field = "pk"

    def households_with(self, condition):
        from ..models import SearchTerm

        return Q(
            **{
                f"{self.household_field}__in": SearchTerm.objects.filter(
                    condition
                ).values("household_id")
            }
        )

    def search_queryset(self, queryset, search_term, **kwargs):
        from ..models import SearchTerm

        search_term = (search_term or "").strip()
        if not search_term:
            return queryset
        typed = rarest_first(
            sorted(set(words(search_term)), key=lambda w: (-len(w), w))[:MAX_WORDS]
        )
        phone = phone_query(search_term)
        if not typed and not phone:
            return queryset.none()
        match = Q(pk__in=[])
        if typed:
            first, *others = typed
            match = self.households_with(_starting_with(first))
            for word in others:
                match &= Exists(
                    SearchTerm.objects.filter(
                        _starting_with(word),
                        household_id=OuterRef(self.household_field),
                    )
                )
        if phone:
            match |= self.households_with(Q(term=phone.lstrip("+")))
        return queryset.filter(match)


class ApplicationSearchHandler(TermSearchHandler):
    household_field = "household"
