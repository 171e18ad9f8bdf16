"""Households placed in service areas, and placed again when an area changes.

`place_household` writes what `programs.addresses` found (the point, the score,
the areas or why a person must decide). When an editor changes an area's boundary
or ZIP list, every household that could depend on it is placed again from what it
already holds (its stored point, or its ZIP code: no web service is called), in a
background task; each household whose areas changed is listed for staff
(PlacementChange) and its history says so. A household a caseworker placed by hand
keeps that placement, and is listed all the same.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django_tasks import task

from programs.addresses import Address, Problem, backends, place_address
from programs.addresses.boundaries import draw
from programs.models import ServiceArea

from . import audit
from .models import Household, PlacementChange


def address_of(household):
    """The eligibility address as the placing chain reads it, with its point."""
    return Address(
        street=household.street,
        unit=household.unit,
        city=household.city,
        state=household.state,
        zip_code=household.zip_code,
        longitude=household.longitude,
        latitude=household.latitude,
    )


def place_household(household, placement, *, standardized=False):
    """Write a placement onto the household (saved by the caller's transaction)."""
    point = placement.address.point
    household.longitude, household.latitude = point or (None, None)
    household.geocode_score = placement.score
    household.geocoded_by = placement.geocoded_by
    household.address_standardized = standardized
    household.placement_problems = [problem.as_data() for problem in placement.problems]
    household.address_needs_review = placement.needs_person
    household.address_override_reason = ""
    household.placed_at = timezone.now()
    household.save()
    household.service_areas.set(placement.area_ids or [])


PLACEMENT_FIELDS = [
    "address_needs_review",
    "placement_problems",
    "placed_at",
    "updated_at",
]


def households_depending_on(area_ids_before, zip_codes):
    """Households an area change could move: those placed in it, those with one of
    its ZIP codes (before or after), and those with a map point."""
    return (
        Household.objects.filter(
            Q(service_areas__in=area_ids_before)
            | Q(zip_code__in=zip_codes)
            | Q(zip_code__regex=r"^\d{5}-")  # ZIP+4: matched below on its first five
            | Q(longitude__isnull=False)
        )
        .exclude(zip_code="")
        .distinct()
    )


@task()
def replace_households(area_id, zip_codes_before):
    """Place again every household the changed area could move (see the module)."""
    area = ServiceArea.objects.filter(pk=area_id).first()
    if area is None:
        return 0
    areas = list(ServiceArea.objects.all())
    names = {a.pk: a.name for a in areas}
    zip_codes = set(zip_codes_before) | set(area.zip_code_set)
    changed = 0
    candidates = households_depending_on([area_id], zip_codes).values_list(
        "pk", flat=True
    )
    for pk in candidates.iterator(chunk_size=500):
        changed += _replace_one(pk, area, areas, names, zip_codes)
    return changed


def earlier_problems(household):
    """What the standardizer and the geocoders found wrong when the address was
    placed: still true when an area changes (only the placer is asked again), so
    the household keeps waiting for a person."""
    placer = backends("place")[0].label
    return [
        Problem.from_data(data)
        for data in household.placement_problems
        if data["code"] in EARLIER_CODES
        or (data["code"] == "failed" and data.get("backend") != placer)
    ]


EARLIER_CODES = {"not_standardized", "no_match", "low_score", "ambiguous"}


def _replace_one(pk, area, areas, names, zip_codes):
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(pk=pk).first()
        if household is None:
            return 0
        if household.point is None and household.zip_code[:5] not in zip_codes:
            if not household.service_areas.filter(pk=area.pk).exists():
                return 0
        placement = place_address(
            address_of(household),
            problems=earlier_problems(household),
            geocode=False,
            areas=areas,
        )
        before_ids = set(household.service_areas.values_list("pk", flat=True))
        before_person = household.address_needs_review
        after_ids = set(placement.area_ids or ())
        if before_ids == after_ids and before_person == placement.needs_person:
            return 0
        by_hand = bool(household.address_override_reason)
        PlacementChange.objects.create(
            household=household,
            service_area_name=area.name,
            before=sorted(names[i] for i in before_ids if i in names),
            after=sorted(names[i] for i in after_ids),
            needs_person=placement.needs_person,
            applied=not by_hand,
        )
        audit.record(
            household,
            audit.PLACED_AGAIN,
            area=area.name,
            before=sorted(names[i] for i in before_ids if i in names),
            after=sorted(names[i] for i in after_ids),
            needs_person=placement.needs_person,
            applied=not by_hand,
        )
        if by_hand:
            return 1
        household.placement_problems = [p.as_data() for p in placement.problems]
        household.address_needs_review = placement.needs_person
        household.placed_at = timezone.now()
        household.save(update_fields=PLACEMENT_FIELDS)
        household.service_areas.set(placement.area_ids or [])
        return 1


def placement_drawing(household):
    """The household's point on the drawn areas it lies in or near (every drawn
    area when it has a point in none), for its page; "" when nothing is drawn.

    A household with no point and no drawn area in its placement reads no more
    than its own (prefetched) areas.
    """
    placed = list(household.service_areas.all())
    names = {
        problem["area"] for problem in household.placement_problems if "area" in problem
    }
    if household.point is None and not names:
        shown = [area for area in placed if area.boundary]
    else:
        drawn = [area for area in ServiceArea.objects.all() if area.boundary]
        shown = [area for area in drawn if area.name in names or area in placed] or (
            drawn if household.point else []
        )
    if not shown:
        return ""
    return draw(
        [area.boundary for area in shown],
        household.point,
        label=", ".join(area.name for area in shown),
    )


def _remember_rules(sender, instance, **kwargs):
    """Before an area is saved: its boundary and ZIP list as they were."""
    old = (
        ServiceArea.objects.filter(pk=instance.pk)
        .values("boundary", "zip_codes")
        .first()
        if instance.pk
        else None
    )
    instance._rules_before = old


def _replace_if_changed(sender, instance, created, **kwargs):
    old = getattr(instance, "_rules_before", None)
    if created or old is None:
        before_zips = set()
    else:
        before_zips = set(old["zip_codes"].replace(",", " ").split())
        if old["boundary"] == instance.boundary and before_zips == set(
            instance.zip_codes.replace(",", " ").split()
        ):
            return
    transaction.on_commit(
        lambda: replace_households.enqueue(instance.pk, sorted(before_zips))
    )


def connect_signals():
    pre_save.connect(
        _remember_rules, sender=ServiceArea, dispatch_uid="area-rules-before"
    )
    post_save.connect(
        _replace_if_changed, sender=ServiceArea, dispatch_uid="area-rules-after"
    )
