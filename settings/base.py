"""Settings shared by every environment.

Everything deployment-specific or secret is read from the environment here, in one
place; each variable is documented in `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.contrib.messages import constants as message_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """Read one deployment value from the environment."""
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "programs",
    "applications",
    "api",
    "demo",
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "phonenumber_field",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.headers.PortalCSPMiddleware",
    # Before languages, sessions and users are read: a cached public page costs a
    # lookup (portal.page_cache); the security headers above are still added.
    "portal.page_cache.PublicPageCacheMiddleware",
    # The language comes from the address or the language cookie, never the session.
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.LanguagePreferenceMiddleware",
    "portal.sessions.IdleTimeoutSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.second_factor.StaffSecondFactorMiddleware",
    "portal.headers.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.throttling.ThrottleMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): same-origin only, scripts only from the
# portal's own files (no inline script or handler anywhere: static/js/portal.js; no
# nonce either, so a cached public page is the same for every visitor), nothing
# framed; the Wagtail admin's directives are in portal.headers.ADMIN_POLICY.
# CSP_REPORTS=1 sends violation reports to /csp-report/, which logs them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"report-uri": ["/csp-report/"]} if env("CSP_REPORTS", "") == "1" else {}),
    }
}
# Features no portal page uses are switched off for the page and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.single_sign_on",
                "portal.context_processors.environment_banner",
            ],
        },
    },
]

# No DATABASE_URL: an SQLite file in the project folder, so a fresh clone just runs.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database as a web server needs it: readers never wait for the
    # writer (WAL), a writer waits its turn instead of failing ("database is locked"),
    # and a transaction takes the write lock when it starts, so two never deadlock
    # upgrading from read to write. PostgreSQL stays the production database.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
# One cache every process shares: the database's own (no extra server; its table is
# made by portal's migrations), or Redis through Django's backend when CACHE_URL is a
# redis:// address.
CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            # Room for every cached page in both languages before old rows are culled.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# Rate-limit counters (portal.throttling) go to the shared cache when it counts
# atomically (Redis), otherwise to their own table.
THROTTLE_IN_CACHE = CACHES["default"]["BACKEND"].endswith("RedisCache")
# Public pages as anonymous visitors see them, whole, in that cache
# (portal.page_cache): kept PAGE_CACHE_SECONDS at most (0 switches it off), dropped
# at once when an editor changes what they show. FRONT_CACHE_SECONDS is how long a
# front cache (CDN, Azure Front Door) may keep them (`s-maxage`); browsers always ask
# again.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
FRONT_CACHE_SECONDS = int(env("FRONT_CACHE_SECONDS", "300"))
# A front cache is told to purge every public address when they change (Wagtail's
# frontend cache backends): FRONTEND_CACHE_BACKEND is "azure-front-door",
# "cloudflare" or "http" (Varnish and other caches taking PURGE), each with its
# variables in .env.example.
FRONTEND_CACHE_BACKEND = env("FRONTEND_CACHE_BACKEND", "")
_FRONTEND_CACHE_BACKENDS = {
    "azure-front-door": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.AzureFrontDoorBackend",
        "RESOURCE_GROUP_NAME": env("AZURE_RESOURCE_GROUP", ""),
        "FRONT_DOOR_NAME": env("AZURE_FRONT_DOOR_NAME", ""),
        "SUBSCRIPTION_ID": env("AZURE_SUBSCRIPTION_ID") or None,
    },
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": env("CLOUDFLARE_ZONE_ID", ""),
    },
    "http": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_LOCATION", ""),
    },
}
WAGTAILFRONTENDCACHE = (
    {"front": _FRONTEND_CACHE_BACKENDS[FRONTEND_CACHE_BACKEND]()}
    if FRONTEND_CACHE_BACKEND
    else {}
)
# portal.page_cache lists every language's address itself.
WAGTAILFRONTENDCACHE_LANGUAGES = []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins (applicants' and the Wagtail admin's) and refuses a
    # locked account before the password is even checked.
    "portal.throttling.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff sign in with a second factor (portal.second_factor, django-otp).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Get-Your Portal")

# Optional staff single sign-on through the city's OpenID Connect provider
# (portal.single_sign_on): on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS = [*INSTALLED_APPS, "mozilla_django_oidc"]
    AUTHENTICATION_BACKENDS = [
        *AUTHENTICATION_BACKENDS,
        "portal.single_sign_on.StaffSingleSignOnBackend",
    ]
    OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/admin/login/"

# Sign-in lockout (django-axes, counted in the database every process shares): five
# wrong passwords for one account lock it for 15 minutes, whether or not the account
# exists (so the lockout says nothing about it); a correct sign-in resets the count;
# an administrator can unlock earlier (Settings > Sign-in security, or `manage.py
# axes_reset_username`). Addresses are throttled by portal.throttling, as a library or
# senior center puts many people behind one.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "portal.throttling.sign_in_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind the city's load balancer, the client's address is the X-Forwarded-For entry
# its proxies added: set how many trusted proxies stand in front of the portal.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portal.throttling.client_address"
# Lockout is per account on purpose; addresses have their own limit (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# New passwords: Argon2id (`portal.passwords`); the others only read older hashes,
# each re-kept as Argon2id at its owner's next sign-in.
PASSWORD_HASHERS = [
    "portal.passwords.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "applications:continue"
LOGOUT_REDIRECT_URL = "/"

# Applicants often use shared computers: sessions end after inactivity and at
# browser close.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
# The expiry is pushed back at most once a minute (portal.sessions), not written on
# every request.
SESSION_REFRESH_SECONDS = int(env("SESSION_REFRESH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Message levels are named as USWDS alerts are (info, success, warning, error), so the
# template uses the level's tag as the alert's class.
MESSAGE_TAGS = {message_constants.DEBUG: "info"}  # USWDS has no debug alert

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/Denver")
USE_I18N = True

# Program and standard pages exist per language (Wagtail locales): editors copy a page
# into Spanish with simple_translation and write the copy; URLs carry the language
# (/es/programs/...), English without a prefix. Rules are read from the English page
# and copied onto its translations (programs.models.ProgramPage.RULE_FIELDS).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("uswds", BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist"),
    # The staff reports' charts (applications/reports).
    ("chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]

# Public media: images editors put on pages. Applicants' documents never go here;
# they use the "private" storage below, which has no URL at all.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
# An optional virus scan of every upload: the city's clamd (tcp://host:3310 or
# unix:///run/clamav/clamd.ctl); off when empty.
CLAMD_ADDRESS = env("CLAMD_ADDRESS", "")
CLAMD_TIMEOUT_SECONDS = int(env("CLAMD_TIMEOUT_SECONDS", "20"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console unless a SendGrid key is configured (see production.py).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Get-Your Portal <no-reply@example.com>")
SENDGRID_API_KEY = env("SENDGRID_API_KEY", "")
# SendGrid's event webhook (delivery reports) sends this "user:password" as basic auth;
# the webhook is only served when it is set (portal/urls.py).
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", "")}

# SMS: a console sender unless all three Twilio values are set.
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", "")
SMS_BACKEND = (
    "applications.notifications.senders.TwilioSmsSender"
    if TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER
    else "applications.notifications.senders.ConsoleSmsSender"
)

# The portal's public address as Twilio calls it (https://portal.example.gov), to check
# the signature of Twilio's webhooks behind a proxy; empty: the address Django sees.
TWILIO_WEBHOOK_BASE_URL = env("TWILIO_WEBHOOK_BASE_URL", "")
# Where Twilio reports each message's delivery (the delivery webhook); empty: no reports
# (or, with TWILIO_WEBHOOK_BASE_URL, the portal's own /sms/twilio/status/).
TWILIO_STATUS_CALLBACK_URL = env("TWILIO_STATUS_CALLBACK_URL", "") or (
    f"{TWILIO_WEBHOOK_BASE_URL.rstrip('/')}/sms/twilio/status/"
    if TWILIO_WEBHOOK_BASE_URL
    else ""
)

# The outbox: a sender holds a message for this long before another may take it (far
# longer than a provider call with its timeout), and failed sends wait these many
# seconds before each retry, then the message is marked failed for staff to resend.
NOTIFICATION_LEASE_SECONDS = int(env("NOTIFICATION_LEASE_SECONDS", "600"))
NOTIFICATION_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600]
# Announcements (applications.announcements): at most this many messages a day (an
# email and a text message are two); the rest wait in the outbox for the next days.
ANNOUNCEMENT_MESSAGES_PER_DAY = int(env("ANNOUNCEMENT_MESSAGES_PER_DAY", "1000"))
# Each provider call gives up after this long (Twilio's client has no limit of its own;
# Anymail's is set in production.py), far inside the lease.
PROVIDER_TIMEOUT_SECONDS = 30

PHONENUMBER_DEFAULT_REGION = env("PHONENUMBER_DEFAULT_REGION", "US")
PHONENUMBER_DB_FORMAT = "E164"

# Background work (django-tasks): a database queue, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Where an eligibility address is placed into service areas: a chain of backends,
# in order (programs/addresses; README "Addresses"). The default is offline:
# scourgify standardizes, the service areas' maps and ZIP lists place. With USPS
# credentials set, the USPS Addresses API standardizes instead.
USPS_CLIENT_ID = env("USPS_CLIENT_ID", "")
USPS_CLIENT_SECRET = env("USPS_CLIENT_SECRET", "")
USPS_API_URL = env("USPS_API_URL", "https://apis.usps.com")
USPS_TIMEOUT_SECONDS = float(env("USPS_TIMEOUT_SECONDS", "5"))
ADDRESS_BACKENDS = env_list(
    "ADDRESS_BACKENDS",
    ",".join(
        [
            "programs.addresses.standardizers.UspsAddresses"
            if USPS_CLIENT_ID and USPS_CLIENT_SECRET
            else "programs.addresses.standardizers.Scourgify",
            "programs.addresses.placers.ServiceAreaShapes",
        ]
    ),
)
# An address this close to a drawn area's edge is placed by a person.
ADDRESS_EDGE_METRES = float(env("ADDRESS_EDGE_METRES", "25"))
CENSUS_GEOCODER_URL = env(
    "CENSUS_GEOCODER_URL",
    "https://geocoding.geo.census.gov/geocoder/locations/address",
)
CENSUS_GEOCODER_BENCHMARK = env("CENSUS_GEOCODER_BENCHMARK", "Public_AR_Current")
CENSUS_GEOCODER_TIMEOUT_SECONDS = float(env("CENSUS_GEOCODER_TIMEOUT_SECONDS", "5"))
# A city's locator: https://HOST/arcgis/rest/services/NAME/GeocodeServer
ARCGIS_LOCATOR_URL = env("ARCGIS_LOCATOR_URL", "")
ARCGIS_LOCATOR_TOKEN = env("ARCGIS_LOCATOR_TOKEN", "")
ARCGIS_LOCATOR_MIN_SCORE = float(env("ARCGIS_LOCATOR_MIN_SCORE", "90"))
ARCGIS_LOCATOR_TIMEOUT_SECONDS = float(env("ARCGIS_LOCATOR_TIMEOUT_SECONDS", "5"))
# A city's boundary layer: https://HOST/arcgis/rest/services/NAME/FeatureServer/0
ARCGIS_AREAS_LAYER_URL = env("ARCGIS_AREAS_LAYER_URL", "")
ARCGIS_AREAS_FIELD = env("ARCGIS_AREAS_FIELD", "NAME")
ARCGIS_AREAS_TOKEN = env("ARCGIS_AREAS_TOKEN", "")
ARCGIS_AREAS_TIMEOUT_SECONDS = float(env("ARCGIS_AREAS_TIMEOUT_SECONDS", "5"))

# Demo staff and applicant accounts are created by load_demo only where this is on.
DEMO_ACCOUNTS_ENABLED = False

WAGTAIL_SITE_NAME = "Get-Your Portal"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The portal's public address, for links in emails and texts.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", WAGTAILADMIN_BASE_URL)
# A test or staging site names itself here ("Staging"): every applicant and admin
# page then says it is not the real portal. Empty (production): no banner.
PORTAL_ENVIRONMENT_BANNER = env("PORTAL_ENVIRONMENT_BANNER", "").strip()
# How long an assisted resident's invitation to take over their account works.
CLIENT_INVITATION_DAYS = int(env("CLIENT_INVITATION_DAYS", "14"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars stay local: no hash of staff email addresses goes to an outside service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The partner API (api/, /api/v1/): program vendors' systems read their program's
# verified enrollments with a key an administrator issues (Settings > API keys).
# Each key may make PARTNER_API_RATE requests ("600/hour"; per second, minute, hour
# or day), counted in the shared cache.
PARTNER_API_RATE = env("PARTNER_API_RATE", "600/hour")
# Only the schema class is set for every DRF view: Wagtail's admin API is DRF too
# and keeps its own defaults; the partner views set their own authentication,
# permission, throttle and renderer (api.views.PartnerView).
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Get-Your Portal partner API",
    "DESCRIPTION": (
        "Read-only: the verified enrollments of the program your key was issued "
        "for, and that program."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_partner_endpoints"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs would carry query strings and form paths; keep them at WARNING.
        "django.request": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Its INFO lines name the client address of each sign-in.
        "axes": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Its DEBUG lines carry each outbound request's query string: the address
        # sent to a geocoder or the Postal Service.
        "urllib3": {"level": "WARNING"},
        # Its INFO lines narrate each PDF's rendering steps (case files).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
