"""Spread URLs; included by ``sokkel.config.urls`` at ``spredning/``."""

from django.urls import path

from sokkel.spread import views

urlpatterns = [
    path("gjenbruk/<slug:slug>/", views.adopt, name="spread-adopt"),
    path("folger/", views.follows, name="spread-follows"),
    path("folger/<int:follow_id>/slutt/", views.unfollow, name="spread-unfollow"),
    path("for-mine-enheter/", views.for_my_units, name="spread-for-my-units"),
    path("avmeld/<str:token>/", views.unsubscribe, name="spread-unsubscribe"),
]
