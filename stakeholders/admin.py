from django.contrib import admin

from portal.admin import ProgrammeAdminOnly

from .models import AnalysisVersion, Stakeholder, StakeholderAnalysis


class AnalysisVersionInline(admin.TabularInline):
    model = AnalysisVersion
    extra = 0
    fields = ["occasion", "revision", "updated_at", "ready_at"]
    readonly_fields = ["revision", "updated_at", "ready_at"]
    fk_name = "analysis"


@admin.register(StakeholderAnalysis)
class StakeholderAnalysisAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["organisation", "cohort", "created_at"]
    list_filter = ["cohort"]
    search_fields = ["organisation__name", "organisation__code"]
    inlines = [AnalysisVersionInline]


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    fields = ["position", "name", "category", "placement", "influence", "interest", "role"]


@admin.register(AnalysisVersion)
class AnalysisVersionAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["analysis", "occasion", "revision", "updated_at", "ready_at"]
    list_filter = ["occasion", "analysis__cohort"]
    readonly_fields = ["based_on", "revision", "updated_at", "updated_by", "ready_at", "ready_by"]
    inlines = [StakeholderInline]
