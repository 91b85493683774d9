"""Pages about innovations: home, list, the innovation page and its write views."""

from django.urls import path

from sokkel.innovations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("innovasjoner/", views.innovation_list, name="innovation-list"),
    path("innovasjoner/ny/", views.innovation_create, name="innovation-create"),
    path("innovasjoner/<slug:slug>/", views.innovation_detail, name="innovation-detail"),
    path("innovasjoner/<slug:slug>/endre/", views.innovation_edit, name="innovation-edit"),
    path("innovasjoner/<slug:slug>/team/", views.team_add, name="innovation-team"),
    path(
        "innovasjoner/<slug:slug>/team/<int:member_id>/fjern/",
        views.team_remove,
        name="innovation-team-remove",
    ),
    path("innovasjoner/<slug:slug>/effekter/", views.effect_add, name="innovation-effect"),
    path("innovasjoner/<slug:slug>/fase/", views.phase_move, name="innovation-phase"),
    path("innovasjoner/<slug:slug>/forankre/", views.anchor, name="innovation-anchor"),
    path("innovasjoner/<slug:slug>/heia/", views.kudos, name="innovation-kudos"),
    path("innovasjoner/<slug:slug>/publiser/", views.publish, name="innovation-publish"),
    path("innovasjoner/<slug:slug>/trekk-tilbake/", views.withdraw, name="innovation-withdraw"),
    path("innovasjoner/<slug:slug>/publiser-igjen/", views.restore, name="innovation-restore"),
    path("innovasjoner/<slug:slug>/logg/", views.audit_log, name="innovation-audit"),
]
