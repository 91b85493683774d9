"""Root URLs: the pages, the account pages, the language switch, the admin and the API."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("sokkel.innovations.urls")),
    path("enheter/", include("sokkel.units.urls")),
    path("sok/", include("sokkel.search.urls")),
    path("spredning/", include("sokkel.spread.urls")),
    path("konto/", include("sokkel.people.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sokkel.api.urls")),
]
