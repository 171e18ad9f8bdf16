"""Sessions that end after inactivity without a database write on every request.

Applicants use shared computers, so a session ends SESSION_COOKIE_AGE after the last
request. Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every
page; here it is written only when it changed or when its expiry was last pushed
back more than SESSION_REFRESH_SECONDS ago, so the idle timeout holds to within
that margin and most pages make no write.
"""

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware

REFRESHED_AT = "_refreshed_at"


class IdleTimeoutSessionMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            last = session.get(REFRESHED_AT, 0)
            if session.modified or now - last >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now  # marks it modified: saved below
        return super().process_response(request, response)
