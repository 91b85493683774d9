"""Spread URLs; included by ``sokkel.config.urls`` at ``spredning/``."""

from django.urls import path

from sokkel.spread import views

urlpatterns = [
    path("gjenbruk/<slug:slug>/", views.adopt, name="spread-adopt"),
    path(
        "gjenbruk/<slug:slug>/<int:adoption_id>/effekter/",
        views.adoption_effect_add,
        name="spread-adoption-effect",
    ),
    path(
        "gjenbruk/<slug:slug>/<int:adoption_id>/effekter/<int:effect_id>/fjern/",
        views.adoption_effect_remove,
        name="spread-adoption-effect-remove",
    ),
    path("folger/", views.follows, name="spread-follows"),
    path("folger/<int:follow_id>/slutt/", views.unfollow, name="spread-unfollow"),
    path("for-mine-enheter/", views.for_my_units, name="spread-for-my-units"),
    path("avmeld/<str:token>/", views.unsubscribe, name="spread-unsubscribe"),
]
