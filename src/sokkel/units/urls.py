"""The unit pages."""

from django.urls import path

from sokkel.units import views

urlpatterns = [
    # Before the unit pages: no unit has the key «forslag».
    path("forslag/", views.unit_suggestions, name="unit-suggestions"),
    path("<slug:key>/", views.unit_detail, name="unit-detail"),
]
