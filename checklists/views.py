from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import TeamRole
from portal.occasions import Occasion
from portal.shortcuts import get_visible_or_404

from . import composition, selectors, services
from .composition import missing_roles_warning
from .forms import AssessmentForm, ItemSaveForm
from .models import CEMR_CHARTER_URL
from .scoring import signed

# The submit buttons: the form's own, and the one on the confirmation that the team
# composition check asks for when a core role did not take part.
SUBMIT, SUBMIT_ANYWAY = "submit", "submit_anyway"
CONFIRM_PARAMETER = "confirm"


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
        if may_edit and request.GET.get(CONFIRM_PARAMETER) == SUBMIT and _draft_missing_roles(page):
            return _submit_confirmation(request, page)
        return _assessment_page(request, page, AssessmentForm(page=page) if may_edit else None)
    if not may_edit:
        raise Http404
    if request.POST.get("action") == SUBMIT_ANYWAY:
        return _submit_anyway(request, page)
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
    if request.POST.get("action") != SUBMIT:
        messages.success(request, _("Your changes were saved."))
        return redirect("assessment_detail", cohort_pk=cohort_pk, code=code, occasion=occasion)
    if _needs_role_confirmation(saved):
        return redirect(_confirmation_url(cohort_pk, code, occasion))
    try:
        services.assessment_submit(assessment=saved, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is submitted. Thank you!"))
    return redirect("assessment_detail", cohort_pk=cohort_pk, code=code, occasion=occasion)


def _needs_role_confirmation(assessment) -> bool:
    """Ask before submitting when a core role is missing, but only when the submission could
    otherwise go through: unscored items are reported first, as before."""
    if assessment.status == assessment.Status.SUBMITTED:
        return False
    if services.assessment_submit_problems(assessment):
        return False
    return bool(composition.assessment_missing_roles(assessment))


def _confirmation_url(cohort_pk: int, code: str, occasion: str) -> str:
    url = reverse("assessment_detail", args=[cohort_pk, code, occasion])
    return f"{url}?{CONFIRM_PARAMETER}={SUBMIT}"


def _draft_missing_roles(page) -> bool:
    assessment = page.assessment
    return (
        assessment is not None
        and assessment.status != assessment.Status.SUBMITTED
        and bool(page.missing_roles)
    )


def _submit_confirmation(request, page):
    """The submit confirmation when a core role did not take part: names the missing roles and
    offers to submit anyway, or to go back and change who took part."""
    roles = dict(TeamRole.choices)
    team_roles = {person.pk: roles.get(person.team_role, "") for person in page.team}
    return render(
        request,
        "checklists/submit_confirm.html",
        {
            "page": page,
            "warning": missing_roles_warning(page.missing_roles),
            "taking_part": [
                (person, team_roles.get(person.pk, "")) for person in page.participants
            ],
        },
    )


def _submit_anyway(request, page):
    """Submit as saved, after the team composition warning (the confirmation's button sends no
    form fields, so nothing else changes)."""
    enrolment = page.enrolment
    if page.assessment is None:
        raise Http404
    try:
        services.assessment_submit(assessment=page.assessment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is submitted. Thank you!"))
    return redirect(
        "assessment_detail",
        cohort_pk=enrolment.cohort_id,
        code=enrolment.organisation.code,
        occasion=page.occasion,
    )


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
            "cemr_charter_url": CEMR_CHARTER_URL,
            "roles_warning": _roles_warning(page),
            "submitted_roles_warning": _submitted_roles_warning(page.assessment),
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


def _roles_warning(page) -> str:
    """The team composition hint of a draft: which core roles the recorded participants lack.
    Nothing before anyone is recorded (the page asks for that anyway) or once submitted."""
    assessment = page.assessment
    if assessment is None or assessment.status == assessment.Status.SUBMITTED:
        return ""
    if not page.participants and not assessment.other_participants:
        return ""
    return missing_roles_warning(page.missing_roles)


def _submitted_roles_warning(assessment) -> str:
    """The warning recorded when the assessment was submitted, for organisers and the team."""
    if assessment is None or assessment.status != assessment.Status.SUBMITTED:
        return ""
    return missing_roles_warning(assessment.missing_roles)


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
