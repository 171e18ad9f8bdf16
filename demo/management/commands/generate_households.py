"""`manage.py generate_households --count 100000 [--seed 1]`: households for benchmarks.

Realistic and repeatable from the seed: names, addresses in the demo's ZIP codes,
one to four members, a qualifying program, and applications to one to three of the
demo programs, some enrolled; every household verified (what a coordinator exports),
with the status changes that got it there (what the staff reports count).
Rows are written in bulk and straight into their finished states, as test data is:
going through the wizard and the state machine for 100,000 households would take
hours. Needs the demo content (`load_demo`); never run it on a real portal.
"""

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from applications.casework.search import index_households
from applications.models import (
    Household,
    HouseholdMember,
    ProgramApplication,
    QualifyingEnrollment,
    StatusChange,
)
from programs.models import ProgramPage, QualifyingProgram

FIRST = [
    "Maria",
    "James",
    "Ana",
    "Luis",
    "Sofia",
    "Wei",
    "Amina",
    "John",
    "Rosa",
    "Omar",
    "Grace",
    "Diego",
    "Linh",
    "Fatima",
    "Peter",
    "Carmen",
    "Jamal",
    "Mei",
]
LAST = [
    "Garcia",
    "Nguyen",
    "Smith",
    "Lopez",
    "Martinez",
    "Johnson",
    "Kim",
    "Hernandez",
    "Brown",
    "Ali",
    "Chen",
    "Rodriguez",
    "Davis",
    "Gonzalez",
    "Wilson",
    "Patel",
]
STREETS = [
    "Laporte Ave",
    "Remington St",
    "Mulberry St",
    "Shields St",
    "College Ave",
    "Drake Rd",
    "Timberline Rd",
    "Prospect Rd",
]
ZIPS = ["80521", "80524", "80525", "80526"]
BATCH = 5000


class Command(BaseCommand):
    help = "Generate verified households for benchmarks (bulk, repeatable by seed)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        if not settings.DEBUG and not settings.DEMO_ACCOUNTS_ENABLED:
            raise CommandError("Benchmark data only where demo accounts are on.")
        programs = list(ProgramPage.objects.canonical())
        qualifying = list(QualifyingProgram.objects.all())
        if not programs or not qualifying:
            raise CommandError("Load the demo content first: manage.py load_demo")
        User = get_user_model()
        password = make_password("benchmark-password")  # one hash for every account
        rng = random.Random(seed)
        start = User.objects.filter(email__startswith="bench").count()
        now = timezone.now()
        for offset in range(start, start + count, BATCH):
            size = min(BATCH, start + count - offset)
            with transaction.atomic():
                users = User.objects.bulk_create(
                    User(
                        email=f"bench{n}@example.com",
                        password=password,
                        first_name=rng.choice(FIRST),
                        last_name=rng.choice(LAST),
                        phone_number=f"+1970555{rng.randrange(100, 200):04d}",
                        contact_by_sms=rng.random() < 0.4,
                        preferred_language=rng.choice(["en", "en", "es"]),
                    )
                    for n in range(offset, offset + size)
                )
                households = Household.objects.bulk_create(
                    Household(
                        user=user,
                        street=f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}",
                        city="Fairview",
                        state="CO",
                        zip_code=rng.choice(ZIPS),
                        housing=rng.choice(list(Household.Housing.values)),
                        time_at_address=rng.choice(
                            list(Household.TimeAtAddress.values)
                        ),
                        review_status=Household.ReviewStatus.VERIFIED,
                        completed_steps=[
                            "account",
                            "address",
                            "household",
                            "qualifying",
                            "documents",
                            "review",
                        ],
                        submitted_at=now - timedelta(days=rng.randrange(31, 360)),
                        verified_at=now - timedelta(days=rng.randrange(0, 30)),
                    )
                    for user in users
                )
                for household in households:
                    # Decided one to thirty days after submitting.
                    household.verified_at = min(
                        now,
                        household.submitted_at
                        + timedelta(days=rng.randrange(1, 31), hours=rng.randrange(24)),
                    )
                Household.objects.bulk_update(households, ["verified_at"])
                members, enrollments, applications, changes = [], [], [], []
                for household, user in zip(households, users, strict=True):
                    facts = {
                        "household": household,
                        "case_number": household.pk,
                        "language": user.preferred_language,
                        "assisted": rng.random() < 0.15,
                    }
                    changes += [
                        StatusChange(
                            subject="household",
                            action="submit",
                            from_status="draft",
                            to_status="submitted",
                            changed_at=household.submitted_at,
                            **facts,
                        ),
                        StatusChange(
                            subject="household",
                            action="verify",
                            from_status="submitted",
                            to_status="verified",
                            changed_at=household.verified_at,
                            by_staff=True,
                            **facts,
                        ),
                    ]
                    for position in range(rng.randrange(1, 5)):
                        members.append(
                            HouseholdMember(
                                household=household,
                                first_name=user.first_name
                                if position == 0
                                else rng.choice(FIRST),
                                last_name=user.last_name,
                                date_of_birth=date(1950, 1, 1)
                                + timedelta(days=rng.randrange(0, 25_000)),
                                is_applicant=position == 0,
                                position=position,
                            )
                        )
                    enrollments.append(
                        QualifyingEnrollment(
                            household=household,
                            qualifying_program=rng.choice(qualifying),
                        )
                    )
                    for program in rng.sample(programs, rng.randrange(1, 4)):
                        enrolled = rng.random() < 0.5
                        applied_at = household.verified_at + timedelta(hours=1)
                        enrolled_at = applied_at + timedelta(days=rng.randrange(1, 10))
                        applications.append(
                            ProgramApplication(
                                household=household,
                                program=program,
                                status=(
                                    ProgramApplication.Status.ENROLLED
                                    if enrolled
                                    else ProgramApplication.Status.APPLIED
                                ),
                                applied_at=applied_at,
                                enrolled_at=enrolled_at if enrolled else None,
                                decided_at=enrolled_at if enrolled else None,
                            )
                        )
                        changes.append(
                            StatusChange(
                                subject="application",
                                program=program,
                                action="apply",
                                to_status="applied",
                                changed_at=applied_at,
                                **facts,
                            )
                        )
                        if enrolled:
                            changes.append(
                                StatusChange(
                                    subject="application",
                                    program=program,
                                    action="enroll",
                                    from_status="applied",
                                    to_status="enrolled",
                                    changed_at=enrolled_at,
                                    by_staff=True,
                                    **facts,
                                )
                            )
                HouseholdMember.objects.bulk_create(members)
                QualifyingEnrollment.objects.bulk_create(enrollments)
                ProgramApplication.objects.bulk_create(applications)
                StatusChange.objects.bulk_create(changes)
                index_households(households)  # bulk_create sends no post_save
            self.stdout.write(f"{offset + size - start} of {count} households")
