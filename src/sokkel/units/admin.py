from django.contrib import admin

from sokkel.units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "sector", "parent", "population"]
    list_filter = ["kind", "sector"]
    search_fields = ["name", "key", "number"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
