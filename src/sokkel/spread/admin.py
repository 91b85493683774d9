"""Adoptions, follows and digest subscriptions in the Django admin."""

from django.contrib import admin

from sokkel.spread.models import Adoption, AdoptionEffect, DigestSubscription, Follow


class AdoptionEffectInline(admin.StackedInline):
    model = AdoptionEffect
    extra = 0


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    inlines = [AdoptionEffectInline]
    list_display = ["innovation", "unit", "adopted_on", "recorded_by"]
    list_select_related = ["innovation", "unit", "recorded_by"]
    search_fields = ["innovation__title", "unit__name"]
    raw_id_fields = ["innovation", "unit", "recorded_by"]
    date_hierarchy = "adopted_on"


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["person", "sector", "tag", "unit", "created_at"]
    list_select_related = ["person", "tag", "unit"]
    raw_id_fields = ["person", "tag", "unit"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["person", "is_subscribed", "last_sent_at"]
    list_filter = ["is_subscribed"]
    raw_id_fields = ["person"]
