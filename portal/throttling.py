"""Rate limits on what an attacker repeats: sign-in, sign-up, password reset, the
screener and uploads, counted per address (or per account) where every web process
sees the same count.

The counter is a fixed window in the shared cache when that is Redis (its INCR is
atomic); with the database cache (the default), whose increments are a read then a
write, it is a row in a table of its own, incremented with one UPDATE, in the same
database. Keys are keyed hashes, so no address or account is
stored. Sign-in lockout per account is django-axes' (settings.AXES_*); the limits here
add the per-address side, generous enough for a library's shared connection.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone

from .models import ThrottleWindow


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    X-Forwarded-For entry the first trusted proxy wrote (earlier ones are the
    client's own claims)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Limit:
    name: str
    views: frozenset  # resolver view names
    hits: int
    window: timedelta
    per: str = "address"  # or "account"
    only_with_files: bool = False
    methods: frozenset = frozenset({"POST"})


LIMITS = [
    Limit(
        "sign-in",
        frozenset({"login", "wagtailadmin_login"}),
        30,
        timedelta(minutes=15),
    ),
    Limit(
        "second-factor",
        frozenset({"second_factor"}),
        30,
        timedelta(minutes=15),
        per="account",
    ),
    Limit("sign-up", frozenset({"applications:account"}), 10, timedelta(hours=1)),
    Limit("password-reset", frozenset({"password_reset"}), 10, timedelta(hours=1)),
    Limit("screener", frozenset({"applications:screener"}), 60, timedelta(hours=1)),
    Limit("csp-reports", frozenset({"csp_report"}), 100, timedelta(hours=1)),
    Limit(
        "uploads",
        frozenset({"applications:documents", "applications:information_response"}),
        60,
        timedelta(hours=1),
        per="account",
        only_with_files=True,
    ),
    # The password asked again before an account is deleted.
    Limit(
        "delete-account",
        frozenset({"applications:delete_account"}),
        10,
        timedelta(hours=1),
        per="account",
    ),
    # A verification card's public check page (read, not posted: a code is checked
    # by opening it). Generous for a food bank's door; a code cannot be guessed anyway.
    Limit(
        "card-checks",
        frozenset({"applications:card_check"}),
        120,
        timedelta(hours=1),
        methods=frozenset({"GET", "HEAD"}),
    ),
    # Refused partner API keys (api.authentication counts them; no view here).
    Limit("api-keys", frozenset(), 30, timedelta(minutes=15)),
    # Feedback sent (applications.feedback counts it, to say so on its own page
    # and keep what the applicant wrote); per address, never per account, so the
    # count cannot tie an anonymous rating to a person.
    Limit("feedback", frozenset(), 10, timedelta(hours=1)),
]


def limit_named(name):
    return next(limit for limit in LIMITS if limit.name == name)


def _key(limit, request):
    if limit.per == "account" and request.user.is_authenticated:
        subject = f"user:{request.user.pk}"
    else:
        subject = f"address:{client_address(request)}"
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{limit.name}|{subject}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:48]


def hit(limit, request, now=None):
    """Count one request; True when it is over the limit."""
    now = now or timezone.now()
    seconds = int(limit.window.total_seconds())
    start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)
    key = _key(limit, request)
    if settings.THROTTLE_IN_CACHE:
        cache_key = f"throttle:{key}:{int(start.timestamp())}"
        cache.add(cache_key, 0, seconds)
        return cache.incr(cache_key) > limit.hits
    window = ThrottleWindow.objects.filter(key=key, window_start=start)
    if not window.update(hits=F("hits") + 1):
        try:
            with transaction.atomic():
                ThrottleWindow.objects.create(key=key, window_start=start, hits=1)
        except IntegrityError:  # another process opened the window first
            window.update(hits=F("hits") + 1)
    return window.values_list("hits", flat=True).first() > limit.hits


def prune(now=None):
    """Windows that have closed (a periodic job)."""
    now = now or timezone.now()
    longest = max(limit.window for limit in LIMITS)
    deleted, _ = ThrottleWindow.objects.filter(window_start__lt=now - longest).delete()
    return deleted


class ThrottleMiddleware:
    """Refuses a request over its limit (a POST, unless the limit says otherwise)
    with the "slow down" page (429)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match is None:
            return None
        name = request.resolver_match.view_name
        for limit in LIMITS:
            if name not in limit.views or request.method not in limit.methods:
                continue
            if limit.only_with_files and not request.FILES:
                continue
            if hit(limit, request):
                response = TemplateResponse(
                    request, "throttled.html", {"limit": limit}, status=429
                )
                response["Retry-After"] = str(int(limit.window.total_seconds()))
                return response
        return None


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for every sign-in through a page. `authenticate()` without
    a request (the shell, a management command, the test client's login) is no web
    sign-in, so there is nothing to count, and the next backend decides."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def sign_in_username(request, credentials):
    """The account a sign-in names, as the login matches it (case-insensitive), so
    `ANA@example.com` and `ana@example.com` count as one."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    # Cut to an email's longest (axes keeps it in a 255-character column).
    return str(value).strip().lower()[:254] or None
