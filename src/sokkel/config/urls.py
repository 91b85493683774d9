"""Root URLs: the pages, the account pages, the language switch, the admin, the API, the health
check, and the error responses."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from sokkel.config.health import health

urlpatterns = [
    path("", include("sokkel.innovations.urls")),
    path("enheter/", include("sokkel.units.urls")),
    path("sok/", include("sokkel.search.urls")),
    path("spredning/", include("sokkel.spread.urls")),
    path("konto/", include("sokkel.people.urls")),
    path("", include("sokkel.people.site_urls")),  # personvern/, tilgjengelighet/, robots.txt
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sokkel.api.urls")),
    path("helse/", health, name="health"),
]

handler400 = "sokkel.config.errors.bad_request"
handler403 = "sokkel.config.errors.permission_denied"
handler404 = "sokkel.config.errors.page_not_found"
handler500 = "sokkel.config.errors.server_error"
