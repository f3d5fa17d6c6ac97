"""The checklist as files: the Excel workbook out and back in (with its preview), and the PDF
reports and the blank checklist, built in the background."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.generation import generated_file_request
from portal.models import PendingImport
from portal.occasions import OCCASION_ORDER
from portal.shortcuts import get_visible_or_404, workbook_upload_prepare
from portal.staged_imports import (
    pending_import_changes,
    pending_import_confirm,
    pending_import_discard,
    pending_imports_of,
)
from portal.workbooks import XLSX_CONTENT_TYPE, WorkbookProblem

from . import selectors, services
from .documents import build_assessment_workbook_xlsx
from .excel import LIMITS
from .forms import WorkbookUploadForm
from .models import SHEET_NAMES, ChecklistVersion
from .views import _enrolment, _may_edit, conflict_message

# --- Excel round trip -------------------------------------------------------------------------


@login_required
def workbook_download(request, cohort_pk: int, code: str):
    enrolment = _enrolment(request, cohort_pk, code)
    data = selectors.workbook_data(enrolment)
    if data is None:
        raise Http404
    response = HttpResponse(build_assessment_workbook_xlsx(data), content_type=XLSX_CONTENT_TYPE)
    filename = f"checklista-{enrolment.organisation.code}-{enrolment.cohort.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def workbook_import(request, cohort_pk: int, code: str):
    """Upload a filled workbook: every problem is listed by sheet and row and nothing changes;
    a valid one shows a preview of the changes to confirm."""
    enrolment = _enrolment(request, cohort_pk, code)
    if not _may_edit(request.user, enrolment):
        raise Http404
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    problems: list[WorkbookProblem] = []
    if request.method == "POST":
        pending, problems = workbook_upload_prepare(
            form,
            partial(
                services.assessment_import_prepare,
                organisation=enrolment.organisation,
                cohort=enrolment.cohort,
                by=request.user,
            ),
            LIMITS,
        )
        if pending is not None:
            return redirect("assessment_import_preview", token=pending.token)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "checklists/import.html",
        {"enrolment": enrolment, "form": form, "problems": problems},
        status=status,
    )


def _pending(request, token: str) -> PendingImport:
    pending = get_visible_or_404(
        pending_imports_of(request.user, kind=services.IMPORT_KIND), token=token
    )
    _enrolment(request, pending.cohort_id, pending.organisation.code)
    return pending


@login_required
def workbook_import_preview(request, token: str):
    pending = _pending(request, token)
    changes = pending_import_changes(pending)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            pending_import_discard(pending=pending, by=request.user)
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect(
                "assessment_overview", cohort_pk=pending.cohort_id, code=pending.organisation.code
            )
        try:
            count = pending_import_confirm(pending=pending, by=request.user)
        except services.StaleScores as stale:
            for conflict in stale.conflicts:
                messages.error(
                    request,
                    f"{SHEET_NAMES[conflict.occasion]}: {conflict_message(conflict)}",
                )
            messages.error(request, _("Nothing was imported. Upload the workbook again."))
            pending_import_discard(pending=pending, by=request.user)
            return redirect(
                "assessment_import", cohort_pk=pending.cohort_id, code=pending.organisation.code
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect(
                "assessment_import", cohort_pk=pending.cohort_id, code=pending.organisation.code
            )
        messages.success(
            request,
            _("The workbook was imported: %(count)s item(s) changed.") % {"count": count},
        )
        return redirect(
            "assessment_overview", cohort_pk=pending.cohort_id, code=pending.organisation.code
        )
    by_sheet = [
        (SHEET_NAMES[occasion], [change for change in changes if change.occasion == occasion])
        for occasion in OCCASION_ORDER
    ]
    return render(
        request,
        "checklists/import_preview.html",
        {
            "pending": pending,
            "change_count": len(changes),
            "by_sheet": [(name, rows) for name, rows in by_sheet if rows],
        },
    )


# --- PDF reports, built in the background ---------------------------------------------------------


@login_required
@require_POST
def checklist_blank_pdf(request, version_pk: int):
    """Every item of a checklist version as a PDF to print and fill in by hand. The checklist
    is the programme's published instrument, so anyone signed in may print it."""
    version = get_object_or_404(ChecklistVersion, pk=version_pk)
    generated = generated_file_request(
        kind="blank_checklist", parameters={"version": version.pk}, by=request.user
    )
    return redirect("generated_file_detail", pk=generated.pk)


@login_required
@require_POST
def assessment_report(request, cohort_pk: int, code: str):
    """The organisation's checklist report (every occasion, movement) as PDF."""
    enrolment = _enrolment(request, cohort_pk, code)
    generated = generated_file_request(
        kind="checklist_report",
        parameters={"cohort": enrolment.cohort_id, "organisation": enrolment.organisation_id},
        by=request.user,
    )
    return redirect("generated_file_detail", pk=generated.pk)
