from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import URLField
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from . import models
from .keyfigures.client import KoladaError
from .keyfigures.imports import key_figure_definition, key_figure_values_import, kolada_json_load
from .selectors import is_programme_admin


class ProgrammeAdminOnly:
    """Programme admins manage every portal model, superuser or not."""

    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request):
        return is_programme_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_programme_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_programme_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_programme_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_programme_admin(request.user)


class ReadOnly(ProgrammeAdminOnly):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.User)
class UserAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["email", "full_name", "is_programme_admin", "is_active", "date_joined"]
    list_filter = ["is_programme_admin", "is_active"]
    search_fields = ["email", "full_name"]
    fields = [
        "email",
        "full_name",
        "language",
        "is_active",
        "is_programme_admin",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(models.Organisation)
class OrganisationAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class ClusterInline(admin.TabularInline):
    model = models.Cluster
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = models.Enrolment
    extra = 0
    autocomplete_fields = ["organisation"]


class OrganiserInline(admin.TabularInline):
    model = models.CohortOrganiser
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Cohort)
class CohortAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    search_fields = ["name"]
    inlines = [ClusterInline, EnrolmentInline, OrganiserInline]


@admin.register(models.Membership)
class MembershipAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    list_display = ["user", "organisation", "team_role"]
    list_filter = ["team_role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(models.Invitation)
class InvitationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["email", "organisation", "team_role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]


@admin.register(models.AuditEntry)
class AuditEntryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor__email"]


@admin.register(models.OutgoingEmail)
class OutgoingEmailAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "body", "kind"]
    date_hierarchy = "created_at"


class KeyFigureForm(forms.ModelForm):
    """Checks the KPI id against Kolada when the portal is online, and fills in what Kolada
    says about it; offline, the admin's own title is kept."""

    class Meta:
        model = models.KeyFigure
        fields = ["kpi_id", "title", "divided_by_gender", "operating_area", "in_use", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        kpi_id = cleaned.get("kpi_id")
        if not kpi_id or "kpi_id" not in self.changed_data:
            return cleaned
        try:
            definition = key_figure_definition(kpi_id)
        except KoladaError:
            if not cleaned.get("title"):
                self.add_error(
                    "title",
                    _("Kolada cannot be reached to check the KPI: enter its title yourself."),
                )
            return cleaned
        if definition is None:
            raise ValidationError({"kpi_id": _("Kolada has no KPI with the id %s.") % kpi_id})
        cleaned["title"] = cleaned.get("title") or definition.get("title", "")[:300]
        cleaned["divided_by_gender"] = bool(definition.get("is_divided_by_gender"))
        cleaned["operating_area"] = (definition.get("operating_area") or "")[:200]
        return cleaned


class KoladaUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Kolada JSON file"),
        help_text=_("A response from Kolada's API (v3), saved as a file, or a list of pages."),
    )


@admin.register(models.KeyFigure)
class KeyFigureAdmin(ProgrammeAdminOnly, admin.ModelAdmin):
    form = KeyFigureForm
    list_display = ["kpi_id", "title", "divided_by_gender", "operating_area", "in_use", "position"]
    list_filter = ["in_use", "divided_by_gender"]
    list_editable = ["in_use", "position"]
    search_fields = ["kpi_id", "title"]
    change_list_template = "portal/keyfigures_admin_changelist.html"

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="portal_keyfigure_upload",
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = KoladaUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = key_figure_values_import(
                    payload=kolada_json_load(upload.read()),
                    source=models.KoladaImport.Source.UPLOAD,
                    by=request.user,
                    filename=upload.name,
                )
            except ValidationError as error:
                for text in error.messages:
                    form.add_error("file", text)
            else:
                messages.success(
                    request,
                    _(
                        "Imported: %(created)s new, %(revised)s revised, %(unchanged)s unchanged, "
                        "%(deleted)s deleted values."
                    )
                    % {
                        "created": result.created,
                        "revised": result.revised,
                        "unchanged": result.unchanged,
                        "deleted": result.deleted,
                    },
                )
                if result.ignored_codes:
                    messages.warning(
                        request,
                        _("Ignored codes of organisations that are not enrolled: %(codes)s")
                        % {"codes": ", ".join(result.ignored_codes)},
                    )
                return redirect("admin:portal_keyfigure_changelist")
        return render(
            request,
            "portal/keyfigures_admin_upload.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "title": _("Import key figures from a Kolada file"),
            },
            status=400 if request.method == "POST" else 200,
        )


@admin.register(models.KeyFigureValue)
class KeyFigureValueAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["key_figure", "code", "year", "gender", "value", "status", "revised_at"]
    list_filter = ["key_figure", "gender", "year"]
    search_fields = ["code", "key_figure__kpi_id"]


@admin.register(models.KoladaImport)
class KoladaImportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "source", "filename", "by", "created", "revised", "unchanged", "deleted"]
    list_filter = ["source"]
