from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sokkel.people.models import ApiToken, Leadership, User


class LeadershipInline(admin.TabularInline):
    model = Leadership
    raw_id_fields = ["unit"]
    extra = 0


class PersonCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = PersonCreationForm
    form = PersonChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "home_unit", "is_researcher", "is_staff"]
    list_filter = ["is_researcher", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name", "affiliation"]
    raw_id_fields = ["home_unit"]
    inlines = [LeadershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "home_unit", "is_researcher", "affiliation"]}),
        (
            _("Tilganger"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators issue tokens here; the secret is shown once, only its digest is kept."""

    list_display = ["name", "user", "created_at", "last_used_at"]
    readonly_fields = ["created_at", "last_used_at"]
    raw_id_fields = ["user"]
    fields = ["user", "name", "created_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = ApiToken.issue(obj.user, obj.name)
        obj.pk, obj.digest, obj.created_at = token.pk, token.digest, token.created_at
        self.message_user(
            request,
            _("API-nøkkelen er %(raw)s. Kopier den nå; den vises ikke igjen.") % {"raw": raw},
            messages.WARNING,
        )
