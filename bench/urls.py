"""The portal's URLs plus two bare views: the ceiling of the stack the benchmark measures against.

Only the benchmark's own stack serves these (it sets ``PORTAL_URLCONF=bench.urls``); production
never loads this module.
"""

from django.http import HttpResponse
from django.urls import include, path

from portal.models import Organisation


def bare(request):
    """No database, no template: the middleware and gunicorn alone."""
    return HttpResponse("ok", content_type="text/plain")


def one_query(request):
    """One small query by primary key order, answered as plain text."""
    name = Organisation.objects.order_by("pk").values_list("name", flat=True).first()
    return HttpResponse(name or "-", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/one-query/", one_query),
    path("", include("portal.urls")),
]
