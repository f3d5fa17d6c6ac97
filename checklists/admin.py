from django.contrib import admin

from portal.admin import ProgrammeAdminOnly, ReadOnly

from .models import (
    Assessment,
    ChecklistGroup,
    ChecklistItem,
    ChecklistVersion,
    OccasionDate,
    ScaleLevel,
)


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


class ChecklistGroupInline(admin.TabularInline):
    model = ChecklistGroup
    extra = 0


class ChecklistItemInline(admin.StackedInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["name_sv", "code", "is_default", "valid_from"]
    inlines = [ScaleLevelInline, ChecklistGroupInline, ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["number", "short_title_sv", "version", "group"]
    list_filter = ["version"]
    search_fields = ["short_title_sv", "text_sv"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["organisation", "cohort", "occasion", "status", "submitted_at"]
    list_filter = ["status", "occasion", "cohort"]


@admin.register(OccasionDate)
class OccasionDateAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["cohort", "cluster", "occasion", "starts_at"]
