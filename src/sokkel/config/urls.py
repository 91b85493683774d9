"""Root URLs (PAGES takes this file over and adds the pages)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("sokkel.api.urls")),
]
