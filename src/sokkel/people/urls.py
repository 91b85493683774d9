"""Sign in, sign out and password reset by e-mail, with Django's own views; sign in through
OpenID Connect with mozilla-django-oidc's (``oidc/``: authenticate, callback, logout; its views
answer 404 while OIDC is off, sokkel.people.oidc); download my data and delete my account.
Included by ``sokkel.config.urls`` at ``konto/``."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from sokkel.people import views

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("mine-data/", views.my_data, name="account-data"),
    path("slett/", views.delete_account, name="account-delete"),
    path("oidc/", include("mozilla_django_oidc.urls")),
]
