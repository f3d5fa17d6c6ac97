from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP

from portal.admin import ProgrammeAdminOnly, ReadOnly

from . import services
from .models import (
    AgendaItem,
    EvaluationResponse,
    Extension,
    Feedback,
    ImprovementEffort,
    Material,
    Meeting,
    MeetingTask,
    OrganiserTask,
    Presentation,
    Step,
    StepTask,
)


class StepTaskInline(admin.TabularInline):
    model = StepTask
    extra = 0


@admin.register(Step)
class StepAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["position", "title_sv", "kind", "occasion"]
    ordering = ["position"]
    inlines = [StepTaskInline]


class MeetingTaskInline(admin.TabularInline):
    model = MeetingTask
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class OrganiserTaskInline(admin.TabularInline):
    model = OrganiserTask
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["title", "cohort", "cluster", "starts_at", "status"]
    list_filter = ["status", "cohort", "step"]
    search_fields = ["title"]
    inlines = [AgendaItemInline, MeetingTaskInline, MaterialInline, OrganiserTaskInline]
    readonly_fields = ["published_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.evaluation_respondents_unlink(meeting=obj)


@admin.register(Extension)
class ExtensionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["meeting", "organisation", "deadline", "granted_by", "granted_at"]


@admin.register(Presentation)
class PresentationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "original_name",
        "meeting",
        "organisation",
        "uploaded_at",
        "is_final",
        "is_late",
    ]
    list_filter = ["is_final", "is_late"]
    exclude = ["file"]


# Feedback, evaluations and improvement work are kept as their authors wrote them: the admin
# reads them; corrections go through the portal's own pages, which record versions.
@admin.register(Feedback)
class FeedbackAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["meeting", "organisation", "version"]
    list_filter = ["meeting__cohort"]


# Who answered is not shown here, and "has answered" (EvaluationAnswered) has no admin page at
# all: its times listed beside these answers could be matched with them.
@admin.register(EvaluationResponse)
class EvaluationResponseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["meeting"]
    exclude = ["respondent"]

    def lookup_allowed(self, lookup, value, request=None):
        # Django lets a URL filter on any field of the model, listed or not (?respondent=<id>).
        if lookup.split(LOOKUP_SEP)[0] == "respondent":
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(ImprovementEffort)
class ImprovementEffortAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "organisation"]
    search_fields = ["title", "organisation__name"]
