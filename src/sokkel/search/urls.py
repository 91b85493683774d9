"""Search URLs; included by ``sokkel.config.urls`` at ``sok/``."""

from django.urls import path

from sokkel.search import views

urlpatterns = [
    path("lignende/", views.duplicates, name="search-duplicates"),
]
