"""Demo content for a local run and the tests: pages, programs, rules and (dev only)
accounts.

Every step looks for what it would create first, so loading twice changes nothing and
never overwrites what an editor has since changed.
"""

import io
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image, ImageDraw
from wagtail.models import Locale, Page, Site

from applications import state_machine
from applications.documents.checks import check_upload
from applications.documents.storage import save_document
from applications.models import (
    Assister,
    Document,
    Feedback,
    Household,
    HouseholdMember,
    PartnerOrganization,
    ProgramCoordinator,
    QualifyingEnrollment,
)
from applications.placement import address_of, place_household
from applications.wizard.services import submit
from home.models import (
    HomePage,
    HomePageFeaturedProgram,
    NewsItem,
    SiteSettings,
    StandardPage,
)
from portal import roles
from portal.second_factor import demo_totp_key
from programs.addresses import place_address
from programs.models import (
    IncomeLimitTable,
    ProgramIndexPage,
    ProgramPage,
    QualifyingProgram,
    ServiceArea,
)

from . import spanish as spanish_copy

DEMO_PASSWORD = "demo-password"
SAMPLE_INCOME_LIMITS = Path(__file__).resolve().parent / "income_limits"

QUALIFYING_PROGRAMS = [
    (
        "SNAP",
        "Supplemental Nutrition Assistance Program (food stamps).",
        30,
        "Your SNAP approval letter or a screenshot of your benefits account.",
    ),
    (
        "Supplemental Security Income (SSI)",
        "Monthly payments for people with disabilities or over 65 with low income.",
        30,
        "Your SSI award letter from Social Security.",
    ),
    (
        "Medicaid",
        "Health coverage for people with low income.",
        60,
        "Your Medicaid card or approval letter.",
    ),
    (
        "LEAP",
        "Low-income Energy Assistance Program for heating bills.",
        60,
        "Your LEAP approval letter for this heating season.",
    ),
    (
        "Free or reduced-price school meals",
        "School meal benefits for children in the household.",
        80,
        "The school district's approval letter for free or reduced-price meals.",
    ),
]

SERVICE_AREAS = [
    ("City limits", "80521 80524 80525 80526 80528"),
    ("City utility service area", "80521 80524 80525 80526"),
]

# title, slug, category, summary, limit, areas, mode, renewal months, review days, extra
PROGRAMS = [
    (
        "Grocery Tax Rebate",
        "grocery-tax-rebate",
        "food",
        "A yearly cash rebate of the city sales tax your household pays on groceries.",
        60,
        ["City limits"],
        "one_click",
        12,
        14,
        {},
    ),
    (
        "Recreation Fee Reduction",
        "recreation-fee-reduction",
        "recreation",
        "Up to 85% off classes, passes and camps at city recreation centers and pools.",
        60,
        ["City limits"],
        "automatic",
        12,
        7,
        {},
    ),
    (
        "Utility Bill Assistance",
        "utility-bill-assistance",
        "utilities",
        "A monthly credit on your city electric and water bill.",
        30,
        ["City limits", "City utility service area"],
        "one_click",
        12,
        21,
        {},
    ),
    (
        "Low-Cost Internet",
        "low-cost-internet",
        "internet",
        "Home internet for $15 a month from the city's broadband provider.",
        60,
        [],
        "external",
        None,
        10,
        {
            "external_application_url": "https://internet.example.com/apply",
            "vendor_privacy_notice": "<p>The internet provider receives your name, address and "
            "eligibility status to set up service. It does not receive "
            "your documents.</p>",
        },
    ),
    (
        "Bike Share Membership",
        "bike-share-membership",
        "transportation",
        "A free annual bike share membership with unlimited 60-minute rides.",
        60,
        ["City limits"],
        "one_click",
        12,
        5,
        {
            "vendor_privacy_notice": "<p>The bike share operator receives your name, email and "
            "phone number to create your membership.</p>"
        },
    ),
    (
        "Reduced-Fare Transit Pass",
        "transit-pass",
        "transportation",
        "Ride regional buses for free with a reduced-fare pass.",
        30,
        [],
        "automatic",
        6,
        10,
        {},
    ),
    (
        "Home Repair Grant",
        "home-repair-grant",
        "housing",
        "Grants for urgent repairs to homes that owners live in.",
        80,
        ["City limits"],
        "one_click",
        None,
        45,
        {"is_accepting_applications": False},
    ),
]

STANDARD_PAGES = [
    (
        "Privacy policy",
        "privacy",
        "What we collect when you apply, why, and who can see it.",
        [
            ("heading", {"text": "What we collect", "level": "h2"}),
            (
                "paragraph",
                "<p>Your contact details, your household's members and address, which "
                "qualifying programs you are enrolled in, and the documents you upload.</p>",
            ),
            ("heading", {"text": "Who can see it", "level": "h2"}),
            (
                "paragraph",
                "<p>Only city staff who verify applications. Program coordinators see "
                "your name, contact details and program status, never your documents.</p>",
            ),
        ],
    ),
    (
        "Frequently asked questions",
        "faq",
        "Answers to the questions we hear most.",
        [
            (
                "accordion",
                {
                    "items": [
                        {
                            "question": "How long does review take?",
                            "answer": "<p>Most applications are reviewed within two weeks.</p>",
                        },
                        {
                            "question": "Do I need to apply to each program separately?",
                            "answer": "<p>No. Apply once; then apply to each program you qualify for with one click.</p>",
                        },
                    ]
                },
            )
        ],
    ),
    (
        "What counts as a household",
        "household",
        "Everyone who lives with you and shares income and expenses.",
        [
            (
                "paragraph",
                "<p>Include yourself, your spouse or partner, your children and anyone "
                "else who lives with you and shares income or expenses.</p>",
            )
        ],
    ),
    (
        "Before you apply",
        "before-you-apply",
        "Have these ready and it takes about 15 minutes.",
        [
            (
                "steps",
                {
                    "steps": [
                        {
                            "title": "A photo ID for each adult",
                            "text": "<p>A phone photo is fine.</p>",
                        },
                        {
                            "title": "Proof of a qualifying program",
                            "text": "<p>For example a SNAP or Medicaid approval letter.</p>",
                        },
                        {
                            "title": "Your address",
                            "text": "<p>Where your household lives now.</p>",
                        },
                    ]
                },
            )
        ],
    ),
]

# title, text, program slug, linked page slug, days shown (None: until removed);
# each starts on the day the demo is loaded.
NEWS = [
    (
        "Grocery Tax Rebate applications are open",
        "This year's rebate is open. If your household is already verified, apply "
        "with one click from your dashboard.",
        "grocery-tax-rebate",
        None,
        None,
    ),
    (
        "Get help applying at the Central Library",
        "Library staff help residents apply on Tuesdays and Thursdays from 10 a.m. to "
        "2 p.m. Bring a photo ID and proof of a qualifying program.",
        None,
        "before-you-apply",
        90,
    ),
]

STAFF_ACCOUNTS = [
    ("admin@example.com", "Avery", "Admin", None, True),
    ("editor@example.com", "Emery", "Editor", roles.CONTENT_EDITORS, False),
    ("approver@example.com", "April", "Approver", roles.PROGRAM_APPROVERS, False),
    ("caseworker@example.com", "Casey", "Worker", roles.VERIFICATION_STAFF, False),
    (
        "coordinator@example.com",
        "Corey",
        "Coordinator",
        roles.PROGRAM_COORDINATORS,
        False,
    ),
]


def _how_to_apply(mode, extra):
    if extra.get("is_accepting_applications") is False:
        return "<p>Applications are closed for now. Check back later in the year.</p>"
    if mode == "external":
        return (
            "<p>Apply once through this portal so we can confirm your eligibility, then "
            "finish on the provider's website from your dashboard.</p>"
        )
    if mode == "automatic":
        return (
            "<p>Apply once through this portal. If you qualify, you are applied for "
            "this program automatically.</p>"
        )
    return (
        "<p>Apply once through this portal, then choose this program from your "
        "dashboard.</p>"
    )


# Programs that go by income for the household's size: road, table, level.
INCOME_ROADS = {
    "grocery-tax-rebate": ("either", IncomeLimitTable.Source.HUD_MTSP, 60),
    "home-repair-grant": ("income", IncomeLimitTable.Source.HUD_INCOME_LIMITS, 80),
}
SAMPLE_AREA = "Fairview, CO MSA"
SAMPLE_FILES = [
    (
        "SAMPLE-Section8-FY26.csv",
        IncomeLimitTable.Source.HUD_INCOME_LIMITS,
        SAMPLE_AREA,
    ),
    ("SAMPLE-MTSP-FY26.csv", IncomeLimitTable.Source.HUD_MTSP, SAMPLE_AREA),
    (
        "SAMPLE-HHS-poverty-guidelines-2026.csv",
        IncomeLimitTable.Source.HHS_POVERTY,
        "48 contiguous states and DC",
    ),
]


def load_income_limit_samples():
    """The sample income limit files, through the importer a city uses for real
    ones (`demo/income_limits/`: made-up figures, marked as samples)."""
    from django.core.management import call_command

    created = 0
    for name, source, area in SAMPLE_FILES:
        if IncomeLimitTable.objects.filter(source=source, area=area).exists():
            continue
        call_command(
            "import_income_limits",
            str(SAMPLE_INCOME_LIMITS / name),
            source=source,
            area=area,
            year=2026,
            sample=True,
            publish=True,
            yes=True,
            stdout=io.StringIO(),
        )
        created += 1
    return created


def _income_road(slug):
    if slug not in INCOME_ROADS:
        return {}
    road, source, level = INCOME_ROADS[slug]
    table = IncomeLimitTable.objects.filter(source=source, is_sample=True).first()
    return {"eligibility_road": road, "income_table": table, "income_level": level}


def _eligibility_copy(slug, limit):
    road = INCOME_ROADS.get(slug, ("enrollment",))[0]
    by_enrollment = (
        f"Households at or below {limit}% of area median income. Enrollment in a "
        "qualifying program such as SNAP or Medicaid shows this."
    )
    by_income = (
        "Households whose yearly income is at or below the limit for their size "
        "(the table below)."
    )
    if road == "income":
        return f"<p>{by_income}</p>"
    if road == "either":
        return f"<p>{by_enrollment}</p><p>Or: {by_income}</p>"
    return f"<p>{by_enrollment}</p>"


def _publish_new_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load_demo(stdout=None):
    """Load everything; returns the number of objects it created."""
    created = 0

    def say(message):
        if stdout:
            stdout.write(message)

    areas = {}
    for name, zip_codes in SERVICE_AREAS:
        areas[name], made = ServiceArea.objects.get_or_create(
            name=name, defaults={"zip_codes": zip_codes}
        )
        created += made
    for name, description, ami, document in QUALIFYING_PROGRAMS:
        _, made = QualifyingProgram.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "ami_percentage": ami,
                "document_description": document,
            },
        )
        created += made

    created += load_income_limit_samples()

    english = Locale.get_default()
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's placeholder welcome page takes the "home" slug; the portal's
        # home page replaces it.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = _publish_new_child(
            root,
            HomePage(
                title="Home",
                slug="home",
                hero_heading="Apply once for the city's income-qualified programs",
                hero_text="Save on groceries, utilities, recreation, internet and transit "
                "with one application.",
                intro="<p>Tell us about your household once, upload your documents, and "
                "see every program you may qualify for.</p>",
            ),
        )
        created += 1
        say("Created the home page.")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="Get-Your Portal",
        )
        created += 1
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Get-Your Portal"
        site.save()
        created += 1
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if site_settings.contact_phone == "":
        site_settings.organization_name = "City of Fairview"
        site_settings.contact_email = "getyour@example.com"
        site_settings.contact_phone = "(970) 555-0100"
        site_settings.save()
        created += 1

    index = ProgramIndexPage.objects.filter(locale=english).first()
    if index is None:
        index = _publish_new_child(
            home,
            ProgramIndexPage(
                title="Programs",
                slug="programs",
                intro="<p>Programs for households with low income in Fairview.</p>",
            ),
        )
        created += 1

    programs = []
    for (
        title,
        slug,
        category,
        summary,
        limit,
        area_names,
        mode,
        renewal,
        review,
        extra,
    ) in PROGRAMS:
        program = ProgramPage.objects.filter(slug=slug, locale=english).first()
        if program is None:
            program = ProgramPage(
                title=title,
                slug=slug,
                category=category,
                summary=summary,
                benefit=f"<p>{summary}</p>",
                eligibility_copy=_eligibility_copy(slug, limit),
                **_income_road(slug),
                how_to_apply=_how_to_apply(mode, extra),
                income_limit_ami=limit,
                enrollment_mode=mode,
                renewal_interval_months=renewal,
                estimated_review_days=review,
                **extra,
            )
            program.service_areas = [areas[name] for name in area_names]
            _publish_new_child(index, program)
            created += 1
        programs.append(program)

    if not home.featured_programs.exists():
        for order, program in enumerate(programs[:3]):
            home.featured_programs.add(
                HomePageFeaturedProgram(program=program, sort_order=order)
            )
        home.save_revision().publish()
        created += 1

    for title, slug, intro, body in STANDARD_PAGES:
        if not StandardPage.objects.filter(slug=slug, locale=english).exists():
            _publish_new_child(
                home, StandardPage(title=title, slug=slug, intro=intro, body=body)
            )
            created += 1

    created += load_news(english)
    created += load_spanish_translations(english)

    roles.ensure_staff_groups()
    if settings.DEMO_ACCOUNTS_ENABLED:
        created += load_demo_accounts()
        created += load_demo_applicants()
        created += load_demo_coordinator_scope()
        created += load_demo_feedback()
    say(f"Demo content loaded ({created} new objects).")
    return created


def load_news(english):
    """The demo news items, shown from today (one for a program, one linking a page),
    only while there is no news at all: an item an editor renamed or deleted stays so.
    """
    if NewsItem.objects.exists():
        return 0
    today = timezone.localdate()
    for title, text, program_slug, page_slug, days in NEWS:
        NewsItem.objects.create(
            locale=english,
            title=title,
            text=text,
            program=ProgramPage.objects.filter(
                slug=program_slug, locale=english
            ).first(),
            link_page=Page.objects.filter(slug=page_slug, locale=english).first(),
            start_date=today,
            end_date=today + timedelta(days=days) if days else None,
        )
    return len(NEWS)


def _translate(page, locale, fields):
    """Publish `page`'s translation into `locale` with `fields`, unless it exists."""
    if page.has_translation(locale):
        return 0
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return 1


def load_spanish_translations(english):
    """The Spanish locale, Spanish pages for the home page, programs and standard
    pages, Spanish news items, and Spanish names for qualifying programs and service
    areas.

    Pages an editor added since have none; they appear in English on Spanish pages
    until translated.
    """
    spanish, created = Locale.objects.get_or_create(language_code="es")
    for name, (name_es, document_es) in spanish_copy.QUALIFYING_PROGRAMS.items():
        created += QualifyingProgram.objects.filter(name=name, name_es="").update(
            name_es=name_es, document_description_es=document_es
        )
    for name, name_es in spanish_copy.SERVICE_AREAS.items():
        created += ServiceArea.objects.filter(name=name, name_es="").update(
            name_es=name_es
        )
    home = HomePage.objects.get(locale=english)
    created += _translate(home, spanish, spanish_copy.HOME)
    index = ProgramIndexPage.objects.filter(locale=english).first()
    if index is not None:
        created += _translate(index, spanish, spanish_copy.PROGRAM_INDEX)
    for program in ProgramPage.objects.filter(locale=english):
        fields = spanish_copy.PROGRAMS.get(program.slug)
        if fields:
            created += _translate(program, spanish, fields)
    for page in StandardPage.objects.filter(locale=english):
        fields = spanish_copy.STANDARD_PAGES.get(page.slug)
        if fields:
            created += _translate(page, spanish, fields)
    for item in NewsItem.objects.filter(locale=english):
        fields = spanish_copy.NEWS.get(item.title)
        if fields and not item.has_translation(spanish):
            translated = item.copy_for_translation(spanish)
            for name, value in fields.items():
                setattr(translated, name, value)
            translated.save()
            created += 1
    return created


def load_demo_accounts():
    User = get_user_model()
    created = 0
    for email, first_name, last_name, group_name, is_superuser in STAFF_ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_superuser=is_superuser,
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        # The second factor, set up with a fixed key: `manage.py demo_sign_in_code
        # EMAIL` prints the code an authenticator app would show.
        TOTPDevice.objects.create(
            user=user,
            name="demo authenticator",
            key=demo_totp_key(email),
            confirmed=True,
        )
        created += 1
    return created + load_demo_assister()


DEMO_ASSISTER = ("assister@example.com", "Ari", "Assister")
DEMO_PARTNER = "Central Library"


def load_demo_assister():
    """A partner organization and one assister in it (second factor as for staff)."""
    User = get_user_model()
    email, first_name, last_name = DEMO_ASSISTER
    if User.objects.filter(email=email).exists():
        return 0
    organization, _created = PartnerOrganization.objects.get_or_create(
        name=DEMO_PARTNER,
        defaults={
            "kind": PartnerOrganization.Kind.LIBRARY,
            "phone_number": "(970) 555-0142",
        },
    )
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        first_name=first_name,
        last_name=last_name,
    )
    Assister.objects.create(organization=organization, user=user)
    TOTPDevice.objects.create(
        user=user,
        name="demo authenticator",
        key=demo_totp_key(email),
        confirmed=True,
    )
    return 1


def _sample_upload(name, label):
    """A generated stand-in document (never a real ID), as an applicant would upload."""
    image = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, 630, 390], outline="navy", width=6)
    draw.text((40, 60), "SAMPLE - NOT A REAL DOCUMENT", fill="black")
    draw.text((40, 120), label, fill="black")
    buffer = io.BytesIO()
    if name.endswith(".pdf"):
        image.save(buffer, "PDF")
        content_type = "application/pdf"
    else:
        image.save(buffer, "PNG")
        content_type = "image/png"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def _attach(household, upload, **target):
    kind = Document.Kind.IDENTITY if "member" in target else Document.Kind.PROOF
    save_document(household, check_upload(upload), kind=kind, **target)


def load_demo_applicants():
    """A submitted household with a pending application, one stopped halfway, and a
    verified one enrolled in two programs."""
    User = get_user_model()
    created = 0
    if not User.objects.filter(email="applicant@example.com").exists():
        user = User.objects.create_user(
            email="applicant@example.com",
            password=DEMO_PASSWORD,
            first_name="Maria",
            last_name="Garcia",
            phone_number="+19705550123",
            contact_by_sms=True,
        )
        household = _submitted_household(
            user,
            [
                ("Maria", "Garcia", date(1984, 3, 12)),
                ("Sofia", "Garcia", date(2014, 9, 2)),
            ],
            ("maria-id.png", "snap-letter.pdf"),
            street="300 Laporte Ave",
            unit="Apt 2",
            zip_code="80521",
            time_at_address=Household.TimeAtAddress.ONE_TO_THREE,
        )
        state_machine.apply(
            household, ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")
        )
        created += 1
    if not User.objects.filter(email="applicant2@example.com").exists():
        user = User.objects.create_user(
            email="applicant2@example.com",
            password=DEMO_PASSWORD,
            first_name="James",
            last_name="Nguyen",
        )
        household = Household.objects.create(
            user=user,
            street="1200 Remington St",
            city="Fairview",
            state="CO",
            zip_code="80524",
            completed_steps=["account", "address"],
        )
        place_household(household, place_address(address_of(household)))
        created += 1
    if not User.objects.filter(email="enrolled@example.com").exists():
        created += _load_enrolled_applicant(User)
    return created


def _submitted_household(user, members, uploads, **address):
    """A household on SNAP with every step answered, its first member's photo ID and
    the SNAP letter uploaded (`uploads`: their file names), submitted."""
    household = Household.objects.create(
        user=user,
        city="Fairview",
        state="CO",
        housing=Household.Housing.RENT,
        completed_steps=["account", "address", "household", "qualifying", "documents"],
        **address,
    )
    place_household(household, place_address(address_of(household)))
    people = [
        HouseholdMember.objects.create(
            household=household,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=born,
            is_applicant=position == 0,
            position=position,
        )
        for position, (first_name, last_name, born) in enumerate(members)
    ]
    snap = QualifyingProgram.objects.get(name="SNAP")
    QualifyingEnrollment.objects.create(household=household, qualifying_program=snap)
    id_name, letter_name = uploads
    applicant = people[0]
    _attach(
        household,
        _sample_upload(
            id_name, f"Photo ID: {applicant.first_name} {applicant.last_name}"
        ),
        member=applicant,
    )
    _attach(
        household,
        _sample_upload(letter_name, "SNAP approval letter"),
        qualifying_program=snap,
    )
    household = Household.objects.get(pk=household.pk)
    submit(household)
    return household


def _load_enrolled_applicant(User):
    """A verified household enrolled in two programs: it has a verification card."""
    user = User.objects.create_user(
        email="enrolled@example.com",
        password=DEMO_PASSWORD,
        first_name="Luis",
        last_name="Ortega",
    )
    household = _submitted_household(
        user,
        [("Luis", "Ortega", date(1979, 6, 3))],
        ("luis-id.png", "luis-snap-letter.pdf"),
        street="215 N Mason St",
        zip_code="80524",
        time_at_address=Household.TimeAtAddress.OVER_THREE,
    )
    programs = ProgramPage.objects.canonical().filter(
        slug__in=["grocery-tax-rebate", "transit-pass"]
    )
    for program in programs:
        if not household.program_applications.filter(program=program).exists():
            state_machine.apply(household, program)
    caseworker = User.objects.get(email="caseworker@example.com")
    state_machine.verify(household, caseworker)
    for application in household.program_applications.filter(program__in=programs):
        state_machine.enroll(application, caseworker)
    return 1


COORDINATED_PROGRAMS = [
    "grocery-tax-rebate",
    "recreation-fee-reduction",
    "transit-pass",
]


def load_demo_coordinator_scope():
    """The demo coordinator works on three programs (and sees nothing of the rest)."""
    user = get_user_model().objects.filter(email="coordinator@example.com").first()
    if user is None or ProgramCoordinator.objects.filter(user=user).exists():
        return 0
    scope = ProgramCoordinator.objects.create(user=user)
    scope.programs.set(
        ProgramPage.objects.canonical().filter(slug__in=COORDINATED_PROGRAMS)
    )
    return 1


# (days ago, rating, page, language, comment, linked to the demo applicant)
DEMO_FEEDBACK = [
    (75, 4, "done", "en", "Easy enough, but the documents step took a while.", False),
    (60, 2, "footer", "es", "No encontré dónde subir la carta del SNAP.", False),
    (40, 5, "dashboard", "en", "", False),
    (20, 3, "dashboard", "en", "Please tell me how long the review takes.", True),
    (5, 5, "done", "es", "", False),
]


def load_demo_feedback():
    """A few ratings over the last months, one linked to the demo applicant, so
    Feedback and its ratings page have something to show."""
    household = Household.objects.filter(user__email="applicant@example.com").first()
    today = timezone.localdate()
    created = 0
    for number, (days, rating, page, language, comment, linked) in enumerate(
        DEMO_FEEDBACK
    ):
        _, made = Feedback.objects.get_or_create(
            request_token=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-feedback-{number}"),
            defaults={
                "rating": rating,
                "comment": comment,
                "page": page,
                "language": language,
                "created_on": today - timedelta(days=days),
                "household": household if linked else None,
            },
        )
        created += made
    return created
