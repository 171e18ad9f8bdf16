"""The yardstick: the smallest Django application, one view returning a few bytes,
served by the same gunicorn the portal runs under (`gunicorn benchmarks.bare:app`).
Public pages' throughput is reported as a share of this one's, in the same run."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-bare-view",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("", bare)]
app = get_wsgi_application()
