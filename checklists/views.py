from dataclasses import dataclass
from functools import partial

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.generation import generated_file_request
from portal.models import PendingImport
from portal.occasions import OCCASION_ORDER, Occasion
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
from .forms import AssessmentForm, ItemSaveForm, WorkbookUploadForm
from .models import SHEET_NAMES, ChecklistVersion
from .scoring import signed


def _enrolment(request, cohort_pk: int, code: str):
    """The organisation's enrolment in the cohort, if the person may see its assessments."""
    return get_visible_or_404(
        selectors.enrolments_visible_to(request.user).select_related(
            "organisation", "cohort", "cluster"
        ),
        cohort_id=cohort_pk,
        organisation__code=code,
    )


def _occasion(occasion: str) -> str:
    if occasion not in Occasion.values:
        raise Http404
    return occasion


def _may_edit(user, enrolment) -> bool:
    return rules.has_perm("checklists.edit_assessment", user, enrolment)


def _may_reopen(user, enrolment) -> bool:
    return rules.has_perm("checklists.reopen_assessment", user, enrolment)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _when(value) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i") if value else ""


def conflict_message(conflict: services.Conflict) -> str:
    score = conflict.score if conflict.score is not None else _("no score")
    return _(
        "Item %(number)s was changed by %(who)s (%(when)s) after you opened the page: the score is "
        "now %(score)s and the comment “%(comment)s”. Your change was not saved. Check their "
        "version; save again to replace it with yours."
    ) % {
        "number": conflict.number,
        "who": conflict.updated_by or _("someone else"),
        "when": _when(conflict.updated_at),
        "score": score,
        "comment": conflict.comment,
    }


# --- The organisation's assessments -------------------------------------------------------


@login_required
def checklist_index(request):
    """The person's organisations with the four occasions of each cohort."""
    enrolments = list(selectors.enrolments_of_user(request.user))
    summaries = selectors.occasion_summaries(enrolments)
    overview = [(enrolment, summaries[enrolment.pk]) for enrolment in enrolments]
    return render(
        request,
        "checklists/index.html",
        {
            "overview": overview,
            "may_compare": rules.has_perm("checklists.view_comparison", request.user),
        },
    )


@login_required
def assessment_overview(request, cohort_pk: int, code: str):
    enrolment = _enrolment(request, cohort_pk, code)
    return render(
        request,
        "checklists/overview.html",
        {
            "enrolment": enrolment,
            "summaries": selectors.occasion_summaries([enrolment])[enrolment.pk],
            "may_edit": _may_edit(request.user, enrolment),
        },
    )


@login_required
def assessment_detail(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _enrolment(request, cohort_pk, code)
    occasion = _occasion(occasion)
    page = selectors.assessment_page(enrolment, occasion)
    if page is None:
        raise Http404
    may_edit = _may_edit(request.user, enrolment) and not page.locked
    if request.method != "POST":
        return _assessment_page(request, page, AssessmentForm(page=page) if may_edit else None)
    if not may_edit:
        raise Http404
    form = AssessmentForm(request.POST, page=page)
    if not form.is_valid():
        return _assessment_page(request, page, form, status=400)
    try:
        saved = _save_form(request, page, form)
    except services.StaleScores as stale:
        return _assessment_page(request, page, _form_after_conflict(form, stale), status=409)
    except ValidationError as error:
        _form_errors_from(form, error)
        return _assessment_page(request, page, form, status=400)
    if request.POST.get("action") == "submit":
        try:
            services.assessment_submit(assessment=saved, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The assessment is submitted. Thank you!"))
    else:
        messages.success(request, _("Your changes were saved."))
    return redirect("assessment_detail", cohort_pk=cohort_pk, code=code, occasion=occasion)


def _save_form(request, page, form: AssessmentForm):
    enrolment = page.enrolment
    assessment = page.assessment or services.assessment_start(
        organisation=enrolment.organisation,
        cohort=enrolment.cohort,
        occasion=page.occasion,
        by=request.user,
    )
    data = form.cleaned_data
    changes = [
        services.ScoreChange(
            number=number,
            score=data[f"score_{number}"],
            comment=data[f"comment_{number}"],
            expected_revision=data[f"revision_{number}"],
        )
        for number in form.changed_items()
    ]
    if changes:
        services.assessment_save_scores(assessment=assessment, changes=changes, by=request.user)
    if form.details_changed():
        services.assessment_set_details(
            assessment=assessment,
            participants=list(data["participants"]),
            other_participants=data["other_participants"],
            assessed_on=data["assessed_on"],
            by=request.user,
        )
    return assessment


def _form_after_conflict(form: AssessmentForm, stale: services.StaleScores) -> AssessmentForm:
    """The person's own entries stay in the form; each refused item shows the newer value, and
    its revision moves on so that saving again replaces it knowingly."""
    data = form.data.copy()
    for conflict in stale.conflicts:
        data[f"revision_{conflict.number}"] = str(conflict.revision)
        data[f"initial-score_{conflict.number}"] = (
            "" if conflict.score is None else str(conflict.score)
        )
        data[f"initial-comment_{conflict.number}"] = conflict.comment
    refreshed = AssessmentForm(data, page=form.page)
    refreshed.is_valid()
    for conflict in stale.conflicts:
        refreshed.add_error(f"score_{conflict.number}", conflict_message(conflict))
    return refreshed


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass
class ItemEntry:
    row: selectors.ItemRow
    score: object = None
    comment: object = None
    revision: object = None
    score_initial: str = ""
    score_label: str = ""
    previous_label: str = ""
    movement: str = ""


def _assessment_page(request, page, form, *, status: int = 200):
    scale = page.data.scale
    entries = []
    for row in page.rows:
        entry = ItemEntry(
            row=row,
            score_label=scale.label(row.current.score),
            previous_label=scale.label(row.previous.score) if row.previous else "",
            movement=signed(row.movement),
        )
        if form is not None:
            entry.score, entry.comment, entry.revision = form.item_fields(row.item.number)
            entry.score_initial = entry.score.as_hidden(only_initial=True)
        entries.append(entry)
    return render(
        request,
        "checklists/assessment.html",
        {
            "page": page,
            "form": form,
            "items": entries,
            "may_reopen": page.locked and _may_reopen(request.user, page.enrolment),
            "readiness": page.readiness,
            "readiness_text": _readiness_text(page.readiness, scale),
            "total_movement": signed(page.total_movement),
        },
        status=status,
    )


@login_required
@require_POST
def assessment_item_save(request, cohort_pk: int, code: str, occasion: str, number: int):
    """Saves one item as the person works (called by checklist.js). Answers JSON: the new
    revision and totals, or the newer value when someone else saved the item first."""
    enrolment = _enrolment(request, cohort_pk, code)
    occasion = _occasion(occasion)
    if not _may_edit(request.user, enrolment):
        raise Http404
    form = ItemSaveForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"ok": False, "message": _("The item could not be saved: the form was incomplete.")},
            status=400,
        )
    try:
        assessment = services.assessment_start(
            organisation=enrolment.organisation,
            cohort=enrolment.cohort,
            occasion=occasion,
            by=request.user,
        )
        services.assessment_save_scores(
            assessment=assessment,
            changes=[
                services.ScoreChange(
                    number=number,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    expected_revision=form.cleaned_data["revision"],
                )
            ],
            by=request.user,
        )
    except services.StaleScores as stale:
        conflict = stale.conflicts[0]
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "message": conflict_message(conflict),
                "revision": conflict.revision,
                "score": conflict.score,
                "comment": conflict.comment,
            },
            status=409,
        )
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    page = selectors.assessment_page(enrolment, occasion)
    row = next(row for row in page.rows if row.item.number == number)
    readiness = page.readiness
    return JsonResponse(
        {
            "ok": True,
            "message": _("Item %(number)s saved.") % {"number": number},
            "revision": row.current.revision,
            "score": row.current.score,
            "comment": row.current.comment,
            "movement": signed(row.movement) if page.previous else "",
            "total": page.total if page.total is not None else "–",
            "total_movement": signed(page.total_movement) if page.previous else "",
            "scored": page.scored_count,
            "ready": readiness.is_ready,
            "readiness": _readiness_text(readiness, page.data.scale),
        }
    )


def _readiness_text(readiness, scale) -> str:
    if not readiness.complete:
        return _("Not judged yet: score every item first.")
    if readiness.is_ready:
        return _("Meets the rule of thumb for a model organisation.")
    return _(
        "Does not meet the rule yet: %(lowest)s item(s) at %(low)s and %(top)s of %(count)s at "
        "%(high)s (more than half, %(needed)s, are needed)."
    ) % {
        "lowest": readiness.at_lowest,
        "low": scale.lowest,
        "top": readiness.at_top,
        "count": readiness.item_count,
        "high": scale.highest,
        "needed": readiness.top_needed,
    }


@login_required
@require_POST
def assessment_reopen(request, cohort_pk: int, code: str, occasion: str):
    enrolment = _enrolment(request, cohort_pk, code)
    occasion = _occasion(occasion)
    if not _may_reopen(request.user, enrolment):
        raise Http404
    try:
        services.assessment_reopen(
            organisation=enrolment.organisation,
            cohort=enrolment.cohort,
            occasion=occasion,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The assessment is open for changes again until the organisation submits.")
        )
    return redirect("assessment_detail", cohort_pk=cohort_pk, code=code, occasion=occasion)


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
