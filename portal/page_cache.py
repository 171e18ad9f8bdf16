"""Public pages as an anonymous visitor sees them, kept whole in the shared cache.

When the local news links the portal, thousands of people read the same few pages
(home, catalogue, program pages, standard pages, the screener's form). Each is
rendered once and then served from the cache every process shares until something
it shows changes.

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
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Headers a cached page is served with again; cookies and CSP are never stored (the
# policy is added to each response by the middleware outside this one).
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options")
MAX_QUERY_STRING = 200
# A bound on anything kept until content changes, in case a purge is ever missed.
CONTENT_CACHE_SECONDS = 60 * 60


def mark_public(request):
    """The view says: what it renders for an anonymous visitor is the same for all."""
    request.public_page = True


def _page_key(request):
    address = f"{request.get_host()}|{get_language()}|{request.get_full_path()}"
    return "public-pages:" + hashlib.sha256(address.encode()).hexdigest()


def _is_candidate(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
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
    """Cache-Control for browsers and a front cache; no Vary on cookies, since the
    page is the same whatever cookies the visitor sends (a visitor with a session
    never gets it from this cache, and a front cache is told to pass them by)."""
    vary = [
        value.strip()
        for value in response.get("Vary", "").split(",")
        if value.strip() and value.strip().lower() != "cookie"
    ]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.FRONT_CACHE_SECONDS
    )


class PublicPageCacheMiddleware:
    """Serve a public page from the shared cache, or render it and keep it.

    Placed after the language middleware (the key holds the language, and a visitor
    who chose Spanish is redirected before this) and before sessions, CSRF and
    authentication are consulted, so a hit costs one cache read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_candidate(request):
            return self.get_response(request)
        request.page_cache_candidate = True
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if entry and generation and entry["generation"] == generation:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"].items():
                response[name] = value
            _public_headers(response)
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if _is_storable(request, response):
            if generation is None:
                generation = new_generation()
            cache.set(
                key,
                {
                    "generation": generation,
                    "content": response.content,
                    "headers": {
                        name: response[name]
                        for name in KEPT_HEADERS
                        if response.has_header(name)
                    },
                },
                settings.PAGE_CACHE_SECONDS,
            )
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
    return isinstance(instance, shown) or type(instance) in get_snippet_models()


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
