"""Public pages as an anonymous visitor sees them, kept whole in the shared cache.

When the local news links the portal, thousands of people read the same few pages
(home, catalogue, program pages, standard pages, the screener's form). Each is
rendered once and then served from the cache every process shares (and from each
process's own copy, checked against the shared generation every second) until
something it shows changes.

What is cached is decided twice, and both must agree:
- the request: a GET from a visitor with no session cookie and no pending message,
  for a view that says its page is public (`mark_public`: Wagtail pages without a
  view restriction, the screener's form);
- the response: 200, not streamed, setting no cookie, not marked private, and the
  visitor still anonymous.
A signed-in person, or anyone mid-application (they have a session), always gets a
freshly rendered page. Public pages carry nothing per visitor: no CSRF token (the
language switch is a link, the screener stores nothing and is CSRF-exempt), no CSP
nonce (scripts come only from the portal's own files).

Purging: every entry records the cache's *generation*; anything that changes what
public pages show (a page published, unpublished, moved, saved or deleted, rules
copied to a translation, a snippet or site setting saved) starts a new generation
once its transaction commits, so the next request renders afresh. The pages are
tens, not thousands, so rendering them all again is cheaper than working out which
ones list which. A front cache (CDN, Azure Front Door), when configured with
FRONTEND_CACHE_BACKEND, is told to purge every public address too.

Days: what a page shows can also change at midnight (a news item's first or last
day), so the date is part of each entry's key and a front cache keeps a page no
later than midnight.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Headers a cached page is served with again; cookies and CSP are never stored (the
# policy is added to each response by the middleware outside this one).
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options")
MAX_QUERY_STRING = 200
# How stale this process's idea of the generation may be (a purge elsewhere shows
# here within this), and how many pages it keeps itself.
GENERATION_CHECK_SECONDS = 1.0
MAX_PROCESS_PAGES = 500
# A bound on anything kept until content changes, in case a purge is ever missed.
CONTENT_CACHE_SECONDS = 60 * 60


def mark_public(request):
    """The view says: what it renders for an anonymous visitor is the same for all."""
    request.public_page = True


def _path_language(request):
    return translation.get_language_from_path(request.path_info) or (
        settings.LANGUAGE_CODE
    )


def _page_key(request):
    # Today's date is part of the address: at midnight what a page shows changes with
    # no one saving anything (news items start and end on dates), so each day's pages
    # are rendered afresh.
    address = (
        f"{timezone.localdate().isoformat()}|{request.get_host()}|"
        f"{_path_language(request)}|{request.get_full_path()}"
    )
    return "public-pages:" + hashlib.sha256(address.encode()).hexdigest()


def seconds_to_midnight():
    """Seconds left in today (the site's time zone), at least one."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return max(1, int((midnight - now).total_seconds()))


def _is_candidate(request):
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
        # A visitor who chose another language is sent to the page in it first
        # (portal.middleware.LanguagePreferenceMiddleware).
        and not (
            chosen
            and chosen != settings.LANGUAGE_CODE
            and not translation.get_language_from_path(request.path_info)
        )
    )


def _is_storable(request, response):
    control = response.get("Cache-Control", "")
    user = getattr(request, "user", None)
    return (
        getattr(request, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        and not (user is not None and user.is_authenticated)
    )


def _public_headers(response):
    """Cache-Control for browsers and a front cache, and no Vary: the page is the same
    whatever the visitor sends (its language is in its address; a visitor with a
    session never gets it from this cache, and a front cache is told to pass them by).
    A front cache keeps it no later than midnight, when the day's news changes."""
    if response.has_header("Vary"):
        del response["Vary"]
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=min(settings.FRONT_CACHE_SECONDS, seconds_to_midnight()),
    )


class _ProcessPages:
    """This process's copy of the pages it served lately, and of the generation.

    A hit then reads neither the database nor the shared cache: the generation is
    read from the shared cache at most every GENERATION_CHECK_SECONDS, so a purge in
    another process is seen within that (a purge in this one at once).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = OrderedDict()
        self.generation = None
        self.checked_at = 0.0

    def current_generation(self):
        now = time.monotonic()
        if self.generation is None or now - self.checked_at >= GENERATION_CHECK_SECONDS:
            generation = cache.get(GENERATION_KEY)
            if generation is None:
                # Never set, or dropped from the cache: carry on with this process's
                # generation (or a new one), unless another process set one first.
                cache.add(GENERATION_KEY, self.generation or uuid.uuid4().hex, None)
                generation = cache.get(GENERATION_KEY)
            with self.lock:
                if generation != self.generation:
                    self.entries.clear()
                self.generation, self.checked_at = generation, now
        return self.generation

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry and entry["generation"] == generation:
                self.entries.move_to_end(key)
                return entry
        return None

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_PROCESS_PAGES:
                self.entries.popitem(last=False)

    def forget(self):
        """Drop everything this process holds (the tests' fresh start)."""
        with self.lock:
            self.entries.clear()
            self.generation, self.checked_at = None, 0.0

    def moved_to(self, generation):
        with self.lock:
            self.entries.clear()
            self.generation, self.checked_at = generation, time.monotonic()


process_pages = _ProcessPages()


def _respond(entry):
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    _public_headers(response)
    response["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serve a public page from the cache, or render it and keep it.

    Placed right after the security headers' middleware, before languages, sessions,
    CSRF and authentication are consulted (the key holds the address's language), so
    a hit costs a dictionary lookup, or one shared cache read when another process
    rendered the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_candidate(request):
            return self.get_response(request)
        request.page_cache_candidate = True
        key = _page_key(request)
        generation = process_pages.current_generation()
        entry = process_pages.get(key, generation)
        if entry is None:
            entry = cache.get(key)
            if entry and entry["generation"] == generation:
                process_pages.put(key, entry)
            else:
                entry = None
        if entry is not None:
            return _respond(entry)

        response = self.get_response(request)
        if _is_storable(request, response):
            entry = {
                "generation": generation,
                "content": response.content,
                "headers": {
                    name: response[name]
                    for name in KEPT_HEADERS
                    if response.has_header(name)
                },
            }
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            process_pages.put(key, entry)
            _public_headers(response)
            response["X-Page-Cache"] = "miss"
        return response


def remember_until_content_changes(key, compute):
    """`compute()`, kept in the shared cache until public content next changes (the
    purge that starts a new generation drops it too)."""
    key = f"content:{key}"
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if entry and generation and entry["generation"] == generation:
        return entry["value"]
    value = compute()
    cache.set(
        key,
        {"generation": generation or new_generation(), "value": value},
        CONTENT_CACHE_SECONDS,
    )
    return value


def new_generation():
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    process_pages.moved_to(generation)
    return generation


def purge_public_pages(*, front_cache=True):
    """Every cached public page is stale from the moment this commits."""

    # Now, for this transaction's own later reads (and the tests'), and again once
    # it commits: a request rendered in between, from the data before the change,
    # must not live on under the new generation.
    new_generation()

    def purge():
        new_generation()
        if front_cache and settings.WAGTAILFRONTENDCACHE:
            purge_front_cache()

    transaction.on_commit(purge)


def public_urls():
    """Every address a front cache may hold: each live public page (in every
    language, as pages are per language) and the screener's form in each language."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Page, Site

    urls = set()
    for page in Page.objects.live().public().exclude(depth=1).specific():
        url = page.get_full_url()
        if url:
            urls.add(url)
    for site in Site.objects.all():
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                urls.add(site.root_url + reverse("applications:screener"))
    return sorted(urls)


def purge_front_cache():
    """Ask the front cache to drop every public address (Wagtail's frontend cache
    backends, in a background task)."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(public_urls())
    except Exception:  # noqa: BLE001 - a failed purge must not undo an editor's save
        logger.exception("Could not queue the front cache purge")


def _shows_on_public_pages(instance):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    shown = (
        Page,
        PageViewRestriction,
        BaseSiteSetting,
        BaseGenericSetting,
        Site,
        Locale,
    )
    return (
        isinstance(instance, shown)
        or type(instance) in get_snippet_models()
        # A snippet's inline rows, saved after it: e.g. an income table's limits.
        or getattr(instance, "shown_on_public_pages", False)
    )


def _page_changed(sender, instance, **kwargs):
    """Published, unpublished or moved: the local cache and the front cache."""
    purge_public_pages()


def _content_saved(sender, instance, **kwargs):
    """Any save of a page (a draft too: rules copied onto a translation are saved,
    not published) or of a snippet or setting public pages show. A page's draft saves
    refresh only the local cache; the front cache hears of publishing."""
    from wagtail.models import Page

    if _shows_on_public_pages(instance):
        purge_public_pages(front_cache=not isinstance(instance, Page))


def connect_purges():
    """Called once from the portal app's ready()."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"portal.page_cache.{id(signal)}")
    post_save.connect(_content_saved, dispatch_uid="portal.page_cache.saved")
    post_delete.connect(_page_changed_if_public, dispatch_uid="portal.page_cache.gone")


def _page_changed_if_public(sender, instance, **kwargs):
    if _shows_on_public_pages(instance):
        purge_public_pages()
