"""The statements about privacy and accessibility, and robots.txt; included at the root."""

from django.urls import path
from django.views.generic import TemplateView

from sokkel.people import views

urlpatterns = [
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="pages/robots.txt", content_type="text/plain"),
        name="robots-txt",
    ),
]
