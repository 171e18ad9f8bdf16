"""Income limit tables: dollar limits by household size, as HUD and HHS publish them.

A table is one source's figures for one area and fiscal year (HUD's income limits
for an area, HUD's Multifamily Tax Subsidy Project limits, or HHS's poverty
guidelines), with a row per level (30 %, 50 %, 60 %, 80 % of area median income;
100 %, 130 %, 200 % of the poverty line) giving the limit for 1 to 8 people and the
amount added for each person beyond eight. A program names a table and a level;
the rule (`programs.eligibility`) reads the table of that source and area in force
on the day it asks, so next year's table takes effect on its date with nobody
touching the program. Once published a table's figures never change: they are what
applications were decided by.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

LARGEST_LISTED_SIZE = 8  # tables list 1 to 8 people; beyond, a sum per extra person


class IncomeFrequency(models.TextChoices):
    """How often the income an applicant declares is paid."""

    YEARLY = "yearly", _("A year")
    MONTHLY = "monthly", _("A month")
    TWICE_MONTHLY = "twice_monthly", _("Twice a month")
    BIWEEKLY = "biweekly", _("Every two weeks")
    WEEKLY = "weekly", _("A week")


PAYMENTS_A_YEAR = {
    IncomeFrequency.YEARLY: 1,
    IncomeFrequency.MONTHLY: 12,
    IncomeFrequency.TWICE_MONTHLY: 24,
    IncomeFrequency.BIWEEKLY: 26,
    IncomeFrequency.WEEKLY: 52,
}


def annualize(amount, frequency):
    """Yearly income in whole dollars from an amount paid at a frequency, by the
    standard factors (12 months, 24 half-months, 26 fortnights, 52 weeks), to the
    nearest dollar: $38,000 a year paid monthly is $3,166.67, which makes
    $38,000.04, and a household at its limit stays at it."""
    yearly = Decimal(amount) * PAYMENTS_A_YEAR[frequency]
    return int(yearly.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class IncomeLimitTableQuerySet(models.QuerySet):
    def in_force(self, source, area, on=None):
        """The published table of this source and area in force on a day (today)."""
        on = on or timezone.localdate()
        return (
            self.filter(
                source=source, area=area, is_published=True, effective_on__lte=on
            )
            .order_by("-effective_on", "-fiscal_year", "-pk")
            .prefetch_related("limits")
            .first()
        )


class IncomeLimitTableForm(WagtailAdminModelForm):
    """A published table is kept as it was: applications were decided by it."""

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and type(self.instance)
            .objects.filter(pk=self.instance.pk, is_published=True)
            .exists()
        ):
            raise ValidationError(
                _(
                    "This table is published and cannot be changed: applications were "
                    "decided by its figures. Add a new table instead (next year's, or "
                    "a correction with its own effective date)."
                )
            )
        return cleaned


class IncomeLimitTable(ClusterableModel):
    class Source(models.TextChoices):
        HUD_INCOME_LIMITS = "hud_il", _("HUD income limits (Section 8)")
        HUD_MTSP = "hud_mtsp", _("HUD Multifamily Tax Subsidy Project limits")
        HHS_POVERTY = "hhs_poverty", _("HHS poverty guidelines")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    area = models.CharField(
        _("area"),
        max_length=200,
        help_text=_(
            "As the source names it, e.g. “Fort Collins, CO MSA” or “48 contiguous "
            "states and the District of Columbia”."
        ),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    effective_on = models.DateField(
        _("takes effect on"),
        help_text=_(
            "Programs use this table from this date until a later one takes effect."
        ),
    )
    median_family_income = models.PositiveIntegerField(
        _("area median family income"),
        null=True,
        blank=True,
        help_text=_("HUD's median for a family of four, where the source gives it."),
    )
    is_sample = models.BooleanField(
        _("sample figures"),
        default=False,
        help_text=_("Made-up figures for a demonstration: never real limits."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Programs use published tables only; a published table is read-only."
        ),
    )

    objects = IncomeLimitTableQuerySet.as_manager()
    base_form_class = IncomeLimitTableForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("source"),
                FieldPanel("area"),
                FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("effective_on")]),
                FieldPanel("median_family_income"),
                FieldPanel("is_sample"),
            ],
            heading=_("Table"),
        ),
        InlinePanel("limits", heading=_("Limits by household size"), min_num=1),
        FieldPanel("is_published"),
    ]
    shown_on_public_pages = True  # program pages show their limits

    class Meta:
        ordering = ["source", "area", "-fiscal_year"]
        verbose_name = _("income limit table")
        verbose_name_plural = _("income limit tables")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "area", "fiscal_year", "effective_on"],
                name="income_limit_table_once",
            )
        ]

    def __str__(self):
        name = f"{self.get_source_display()} {self.fiscal_year}, {self.area}"
        return f"{name} ({_('sample')})" if self.is_sample else name

    @property
    def measure(self):
        """What a level is a percentage of."""
        if self.source == self.Source.HHS_POVERTY:
            return _("of the federal poverty guidelines")
        return _("of area median income")

    @property
    def levels(self):
        """The table's rows, as loaded by `published_tables` (or read now)."""
        if "_limits" in self.__dict__:
            return self.__dict__["_limits"]
        return list(self.limits.all())

    def limit_at(self, level):
        """This table's row for a level, or None."""
        return next((row for row in self.levels if row.level == level), None)


def dollars(amount):
    """Whole dollars as US documents write them ($38,000) in either language: the
    figures applicants compare them with (HUD's tables, pay stubs) look the same."""
    return f"${amount:,}"


def describe_income(amount, frequency, annual):
    """`$3,200.00 a month ($38,400 a year)`, as the applicant declared it."""
    if amount is None:
        return None
    label = dict(IncomeFrequency.choices).get(frequency, frequency)
    text = _("%(amount)s %(frequency)s (%(annual)s a year)") % {
        "amount": f"${Decimal(amount):,.2f}",
        "frequency": str(label).lower(),
        "annual": dollars(annual or 0),
    }
    if frequency == IncomeFrequency.YEARLY:
        text = _("%(amount)s a year") % {"amount": dollars(annual or 0)}
    return text


SIZE_FIELDS = tuple(f"size_{n}" for n in range(1, LARGEST_LISTED_SIZE + 1))


class IncomeLimit(Orderable):
    """One level of a table: the yearly dollar limit for each household size."""

    table = ParentalKey(
        IncomeLimitTable, on_delete=models.CASCADE, related_name="limits"
    )
    level = models.PositiveSmallIntegerField(
        _("level (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("30, 50, 60 or 80 (% of AMI); 100, 130 or 200 (% of poverty)."),
    )
    size_1 = models.PositiveIntegerField(_("1 person"))
    size_2 = models.PositiveIntegerField(_("2 people"))
    size_3 = models.PositiveIntegerField(_("3 people"))
    size_4 = models.PositiveIntegerField(_("4 people"))
    size_5 = models.PositiveIntegerField(_("5 people"))
    size_6 = models.PositiveIntegerField(_("6 people"))
    size_7 = models.PositiveIntegerField(_("7 people"))
    size_8 = models.PositiveIntegerField(_("8 people"))
    per_extra_person = models.PositiveIntegerField(_("each person beyond 8"))

    panels = [
        FieldPanel("level"),
        FieldRowPanel([FieldPanel(name) for name in SIZE_FIELDS[:4]]),
        FieldRowPanel([FieldPanel(name) for name in SIZE_FIELDS[4:]]),
        FieldPanel("per_extra_person"),
    ]
    shown_on_public_pages = True

    class Meta(Orderable.Meta):
        verbose_name = _("income limit")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "level"], name="income_limit_level_once"
            )
        ]

    def __str__(self):
        return f"{self.level}%"

    @property
    def by_size(self):
        """The limits for 1 to 8 people, in order."""
        return [getattr(self, name) for name in SIZE_FIELDS]

    def for_size(self, size):
        """The yearly limit for a household of `size` people (1 or more)."""
        if size < 1:
            raise ValueError("a household has at least one person")
        if size <= LARGEST_LISTED_SIZE:
            return getattr(self, f"size_{size}")
        return self.size_8 + (size - LARGEST_LISTED_SIZE) * self.per_extra_person


def published_tables():
    """Every published income limit table with its limits, in one query (the
    limits with their tables); the rule reads them from `programs.models.rules()`,
    kept in the shared cache."""
    tables = {}
    for row in (
        IncomeLimit.objects.filter(table__is_published=True)
        .select_related("table")
        .order_by("table_id", "sort_order", "level")
    ):
        table = tables.setdefault(row.table_id, row.table)
        table.__dict__.setdefault("_limits", []).append(row)
    return list(tables.values())


def table_in_force(program, tables, on):
    """The table of the program's chosen source and area in force on a day: the
    chosen table, or a later one of the same source and area once it takes effect."""
    return series_in_force(program.income_table_id, tables, on)


def series_in_force(table_id, tables, on):
    """The table in force on a day among those of the same source and area as the
    table `table_id` (None when none has taken effect)."""
    chosen = next((t for t in tables if t.pk == table_id), None)
    if chosen is None:
        return None
    return max(
        (
            table
            for table in tables
            if (table.source, table.area) == (chosen.source, chosen.area)
            and table.effective_on <= on
        ),
        key=lambda table: (table.effective_on, table.fiscal_year, table.pk),
        default=None,
    )


# HUD's adjustment of the four-person median for other household sizes (70 % for
# one person … 132 % for eight, 8 points more for each person beyond).
HUD_SIZE_FACTORS = (70, 80, 90, 100, 108, 116, 124, 132)


def median_for_size(median_family_income, size):
    """The area median income for a household of `size`, by HUD's factors."""
    if size <= LARGEST_LISTED_SIZE:
        factor = HUD_SIZE_FACTORS[size - 1]
    else:
        factor = HUD_SIZE_FACTORS[-1] + 8 * (size - LARGEST_LISTED_SIZE)
    return Decimal(median_family_income) * factor / 100


def poverty_line_share(table, level, size):
    """`level` % of the poverty guideline for `size` people, in dollars: the table's
    row for that level, or its 100 % row multiplied."""
    row = table.limit_at(level)
    if row is not None:
        return row.for_size(size)
    base = table.limit_at(100)
    if base is None:
        return None
    # Rounded as the importer rounds the levels it makes from the 100 % figures.
    share = Decimal(base.for_size(size)) * level / 100
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
