"""gunicorn's settings for the image (`gunicorn -c gunicorn.conf.py portal.wsgi`),
each from the environment. Threads let a worker keep serving while one request
streams a download or an export; the timeout ends a request stuck far longer than
any page takes."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT_SECONDS", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT_SECONDS", "30"))
# Behind the city's proxy, the proxy must be the one to close an idle connection:
# when gunicorn closes it first, a request the proxy sends at that moment is reset
# (6 of 200 applicants pausing 2 to 6 s between pages, with 5 s here). Longer than
# the usual proxies' idle timeouts (60 s); idle connections hold no thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE_SECONDS", "75"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Access logs carry the path only, never the query string (it may hold personal data).
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
