"""An organisation's improvement work at home and its released feedback."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal import selectors as core
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from .. import selectors, services
from ..forms import ImprovementEffortForm


def _improvement_form(organisation, data=None, instance=None):
    return ImprovementEffortForm(
        data,
        instance=instance,
        meetings=selectors.meetings_of_organisation(organisation),
        checklist_items=selectors.checklist_item_choices(),
    )


def _save_improvement(request, organisation, form, effort=None):
    data = form.cleaned_data
    return services.improvement_effort_save(
        organisation=organisation,
        by=request.user,
        effort=effort,
        title=data["title"],
        area=data["area"],
        operation=data["operation"],
        stage=data["stage"],
        notes={field: data[field] for field in services.STAGE_NOTE_FIELDS},
        checklist_items=data["checklist_items"],
        report_meeting=data["report_meeting"],
        back_note=data["back_note"],
    )


def _save_if_valid(request, organisation, form, effort=None):
    """Saves a valid form and answers the redirect; None when the form shows what is wrong."""
    if not form.is_valid():
        return None
    try:
        _save_improvement(request, organisation, form, effort=effort)
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    messages.success(request, _("The improvement effort was saved."))
    return redirect("organisation_after_meetings", code=organisation.code)


@login_required
def organisation_after_meetings(request, code: str):
    """An organisation's improvement work at home and its released feedback."""
    organisation = get_visible_or_404(core.organisations_visible_to(request.user), code=code)
    may_edit = rules.has_perm("meetings.edit_improvement", request.user, organisation)
    form = _improvement_form(organisation, request.POST or None) if may_edit else None
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404
        status = 400
        if saved := _save_if_valid(request, organisation, form):
            return saved
    return render(
        request,
        "meetings/organisation_after_meetings.html",
        {
            "organisation": organisation,
            "efforts": selectors.improvement_efforts_of(organisation),
            # Released feedback: its team, the staff and its mentors (PRODUCT.md §7).
            "feedback": selectors.released_feedback_for_organisation(organisation)
            if rules.has_perm("meetings.view_organisations_feedback", request.user, organisation)
            else [],
            "may_edit": may_edit,
            "form": form,
        },
        status=status,
    )


@login_required
def improvement_edit(request, code: str, pk: int):
    organisation = get_visible_or_404(core.organisations_visible_to(request.user), code=code)
    require(request.user, "meetings.edit_improvement", organisation)
    effort = get_visible_or_404(selectors.improvement_efforts_of(organisation), pk=pk)
    form = _improvement_form(organisation, request.POST or None, instance=effort)
    status = 200
    if request.method == "POST":
        status = 400
        if saved := _save_if_valid(request, organisation, form, effort=effort):
            return saved
    return render(
        request,
        "meetings/improvement_edit.html",
        {"organisation": organisation, "effort": effort, "form": form},
        status=status,
    )
