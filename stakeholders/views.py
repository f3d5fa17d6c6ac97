from functools import partial

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import Enrolment
from portal.occasions import OCCASION_ORDER, Occasion
from portal.shortcuts import apply_validation_error, get_visible_or_404, workbook_upload_prepare
from portal.staged_imports import (
    pending_import_changes,
    pending_import_confirm,
    pending_import_discard,
    pending_imports_of,
)
from portal.workbooks import XLSX_CONTENT_TYPE, WorkbookProblem

from . import selectors, services
from .documents import build_analysis_pdf, build_analysis_xlsx, build_grid_svg
from .excel import LIMITS
from .forms import StakeholderForm, VersionStartForm, WorkbookUploadForm
from .grid import HIGH_FROM
from .models import AnalysisVersion, Stakeholder

FRAGMENT_HEADER = "X-Fragment"


def _enrolment(request, cohort_pk: int, code: str) -> Enrolment:
    """The organisation's enrolment in the cohort, if the person may read its analysis."""
    return get_visible_or_404(
        selectors.enrolments_visible_to(request.user).select_related(
            "organisation", "cohort", "cluster"
        ),
        cohort_id=cohort_pk,
        organisation__code=code,
    )


def _may_edit(user, enrolment: Enrolment) -> bool:
    return rules.has_perm("stakeholders.edit_analysis", user, enrolment)


def _editable_enrolment(request, cohort_pk: int, code: str) -> Enrolment:
    enrolment = _enrolment(request, cohort_pk, code)
    if not _may_edit(request.user, enrolment):
        raise Http404
    return enrolment


def _version(enrolment: Enrolment, occasion: str) -> AnalysisVersion:
    if occasion not in Occasion.values:
        raise Http404
    return get_visible_or_404(
        AnalysisVersion.objects.select_related("analysis"),
        analysis__organisation=enrolment.organisation,
        analysis__cohort=enrolment.cohort,
        occasion=occasion,
    )


def _version_url(version: AnalysisVersion, enrolment: Enrolment, anchor: str = "") -> str:
    url = reverse(
        "stakeholder_version",
        args=[enrolment.cohort_id, enrolment.organisation.code, version.occasion],
    )
    return url + (f"#{anchor}" if anchor else "")


def _file_name(enrolment: Enrolment, version: AnalysisVersion, extension: str) -> str:
    return f"intressentanalys-{slugify(enrolment.organisation.name)}-{version.occasion}.{extension}"


# --- Overview and versions ------------------------------------------------------------------------


@login_required
def analysis_overview(request, cohort_pk: int, code: str):
    """The organisation's versions in the cohort, and starting the next one."""
    enrolment = _enrolment(request, cohort_pk, code)
    may_edit = _may_edit(request.user, enrolment)
    versions = selectors.versions_of(
        organisation_id=enrolment.organisation_id, cohort_id=enrolment.cohort_id
    )
    started = {version.occasion for version in versions}
    open_occasions = [(o.value, o.label) for o in OCCASION_ORDER if o.value not in started]
    form = VersionStartForm(request.POST or None, occasions=open_occasions)
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            try:
                version = services.version_start(
                    organisation=enrolment.organisation,
                    cohort=enrolment.cohort,
                    occasion=form.cleaned_data["occasion"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error, "occasion")
            else:
                if version.based_on:
                    text = _("The version for %(occasion)s was started as a copy of %(previous)s.")
                else:
                    text = _("The version for %(occasion)s was started.")
                messages.success(
                    request,
                    text
                    % {
                        "occasion": version.get_occasion_display(),
                        "previous": version.based_on.get_occasion_display()
                        if version.based_on
                        else "",
                    },
                )
                return redirect(_version_url(version, enrolment))
    return render(
        request,
        "stakeholders/overview.html",
        {
            "enrolment": enrolment,
            "versions": versions,
            "form": form,
            "may_edit": may_edit and bool(open_occasions),
        },
        status=400 if request.method == "POST" else 200,
    )


def _page_context(
    request,
    enrolment: Enrolment,
    version: AnalysisVersion,
    *,
    failed: tuple[int | None, StakeholderForm] | None = None,
    flash: str = "",
) -> dict:
    """Everything the version page shows, in a fixed number of queries however many rows."""
    may_edit = _may_edit(request.user, enrolment)
    is_latest = selectors.is_latest_version(version)
    rows = selectors.version_rows(version)
    members = selectors.team_members(enrolment.organisation_id) if may_edit else []
    editable = may_edit and is_latest
    failed_pk, failed_form = failed if failed else (None, None)
    items = []
    for number, row in enumerate(rows, start=1):
        form = None
        if editable:
            form = (
                failed_form
                if failed_pk == row.pk
                else StakeholderForm(instance=row, members=members, prefix=f"s{row.pk}")
            )
        items.append({"number": number, "row": row, "form": form})
    add_form = None
    if editable:
        add_form = (
            failed_form
            if failed and failed_pk is None
            else StakeholderForm(members=members, prefix="new")
        )
    grid = selectors.grid_data(
        rows,
        title=_("Stakeholder grid: %(name)s, %(occasion)s")
        % {"name": enrolment.organisation.name, "occasion": version.get_occasion_display()},
    )
    previous = selectors.previous_version(version)
    return {
        "enrolment": enrolment,
        "version": version,
        "versions": selectors.versions_of(
            organisation_id=enrolment.organisation_id, cohort_id=enrolment.cohort_id
        ),
        "previous": previous,
        "items": items,
        "add_form": add_form,
        "add_failed": bool(failed and failed_pk is None),
        "grid": grid,
        "grid_svg": mark_safe(build_grid_svg(grid).decode()),  # noqa: S308 - the builder escapes
        "high_from": HIGH_FROM,
        "may_edit": may_edit,
        "editable": editable,
        "flash": flash,
    }


def _respond(request, context: dict, *, status: int = 200):
    """The page, or only its editable body for the page's script."""
    template = "stakeholders/version.html"
    if request.headers.get(FRAGMENT_HEADER):
        template = "stakeholders/_body.html"
    return render(request, template, context, status=status)


@login_required
def version_detail(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    return _respond(request, _page_context(request, enrolment, version))


def _saved(request, enrolment, version, text: str, anchor: str = ""):
    if request.headers.get(FRAGMENT_HEADER):
        return _respond(request, _page_context(request, enrolment, version, flash=text))
    messages.success(request, text)
    return redirect(_version_url(version, enrolment, anchor))


def _refused(request, enrolment, version, pk: int | None, form: StakeholderForm):
    context = _page_context(request, enrolment, version, failed=(pk, form))
    context["flash"] = _("Not saved. Please correct the marked fields.")
    return _respond(request, context, status=400)


@login_required
@require_POST
def stakeholder_add(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _editable_enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    members = selectors.team_members(enrolment.organisation_id)
    form = StakeholderForm(request.POST, members=members, prefix="new")
    if form.is_valid():
        try:
            stakeholder = services.stakeholder_add(
                version=version, by=request.user, **form.row_values()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(
                request,
                enrolment,
                version,
                _("%(name)s was added.") % {"name": stakeholder.name},
                f"stakeholder-{stakeholder.pk}",
            )
    return _refused(request, enrolment, version, None, form)


@login_required
@require_POST
def stakeholder_update(request, cohort_pk: int, code: str, occasion: str, pk: int):
    enrolment = _editable_enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    stakeholder = get_visible_or_404(Stakeholder.objects.filter(version=version), pk=pk)
    members = selectors.team_members(enrolment.organisation_id)
    form = StakeholderForm(
        request.POST, instance=stakeholder, members=members, prefix=f"s{stakeholder.pk}"
    )
    if form.is_valid():
        try:
            stakeholder = services.stakeholder_update(
                stakeholder=stakeholder,
                by=request.user,
                revision=form.cleaned_data["revision"],
                **form.row_values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _saved(
                request,
                enrolment,
                version,
                _("%(name)s was saved.") % {"name": stakeholder.name},
                f"stakeholder-{stakeholder.pk}",
            )
    return _refused(request, enrolment, version, stakeholder.pk, form)


@login_required
@require_POST
def stakeholder_remove(request, cohort_pk: int, code: str, occasion: str, pk: int):
    enrolment = _editable_enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    stakeholder = get_visible_or_404(Stakeholder.objects.filter(version=version), pk=pk)
    try:
        services.stakeholder_remove(stakeholder=stakeholder, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_version_url(version, enrolment))
    return _saved(
        request,
        enrolment,
        version,
        _("%(name)s was removed from the analysis.") % {"name": stakeholder.name},
        "stakeholders-heading",
    )


@login_required
@require_POST
def version_ready(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _editable_enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    ready = request.POST.get("ready") != "0"
    try:
        services.version_mark_ready(version=version, by=request.user, ready=ready)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The analysis is marked as up to date.")
            if ready
            else _("The analysis is no longer marked as up to date."),
        )
    return redirect(_version_url(version, enrolment))


@login_required
def version_changes(request, cohort_pk: int, code: str, occasion: str):
    """What changed since the previous version: added, removed, moved quadrant, edited."""
    enrolment = _enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    previous = selectors.previous_version(version)
    changes = None
    if previous is not None:
        changes = selectors.changes_between(
            selectors.version_rows(previous), selectors.version_rows(version)
        )
    return render(
        request,
        "stakeholders/changes.html",
        {"enrolment": enrolment, "version": version, "previous": previous, "changes": changes},
    )


# --- Exports ------------------------------------------------------------------------------------------


@login_required
def export_xlsx(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    response = HttpResponse(
        build_analysis_xlsx(selectors.analysis_document(version)), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(enrolment, version, "xlsx")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_pdf(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    response = HttpResponse(
        build_analysis_pdf(selectors.analysis_document(version)), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(enrolment, version, "pdf")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Import -------------------------------------------------------------------------------------------


@login_required
def import_upload(request, cohort_pk: int, code: str, occasion: str):
    """Upload a filled workbook: every problem is listed by row and nothing changes; a valid
    one shows a preview of the changes to confirm."""
    enrolment = _editable_enrolment(request, cohort_pk, code)
    version = _version(enrolment, occasion)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    problems: list[WorkbookProblem] = []
    if request.method == "POST":
        pending, problems = workbook_upload_prepare(
            form,
            partial(services.analysis_import_prepare, version=version, by=request.user),
            LIMITS,
        )
        if pending is not None:
            return redirect("stakeholder_import_preview", token=pending.token)
    return render(
        request,
        "stakeholders/import.html",
        {"enrolment": enrolment, "version": version, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_preview(request, token: str):
    pending = get_visible_or_404(
        pending_imports_of(request.user, kind=services.IMPORT_KIND), token=token
    )
    enrolment = _editable_enrolment(request, pending.cohort_id, pending.organisation.code)
    version = get_visible_or_404(
        AnalysisVersion.objects.select_related("analysis"),
        pk=pending.target.get("version"),
        analysis__organisation=enrolment.organisation,
        analysis__cohort=enrolment.cohort,
    )
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            pending_import_discard(pending=pending, by=request.user)
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect(_version_url(version, enrolment))
        try:
            result = pending_import_confirm(pending=pending, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect(
                "stakeholder_import",
                enrolment.cohort_id,
                enrolment.organisation.code,
                version.occasion,
            )
        messages.success(
            request,
            _(
                "The workbook was imported: %(added)s added, %(changed)s changed, "
                "%(removed)s removed."
            )
            % {
                "added": len(result.added),
                "changed": len(result.changed),
                "removed": len(result.removed),
            },
        )
        return redirect(_version_url(version, enrolment))
    preview = pending_import_changes(pending)
    return render(
        request,
        "stakeholders/import_preview.html",
        {
            "enrolment": enrolment,
            "version": version,
            "pending": pending,
            "preview": preview,
            "change_count": preview.count,
        },
    )
