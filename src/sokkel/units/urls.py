"""The unit pages."""

from django.urls import path

from sokkel.units import views

urlpatterns = [
    path("<slug:key>/", views.unit_detail, name="unit-detail"),
]
