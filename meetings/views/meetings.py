"""A meeting's page, and creating, editing and publishing meetings."""

import uuid
from datetime import datetime

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal import selectors as core
from portal.models import Organisation
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from .. import selectors, services
from ..forms import (
    AgendaItemForm,
    MaterialForm,
    MeetingForm,
    PresentationUploadForm,
    UploadReopenForm,
)
from ..models import Meeting
from ._common import organised_meeting


@login_required
def meeting_detail(request, pk: int):
    meeting = get_visible_or_404(
        selectors.meetings_with_tasks(selectors.meetings_visible_to(request.user)), pk=pk
    )
    acting_for = None
    if request.GET.get("for") and rules.has_perm(
        "meetings.organise_meeting", request.user, meeting
    ):
        acting_for = (
            selectors.invited_organisations(meeting).filter(code=request.GET["for"]).first()
        )
    return render_meeting_page(request, meeting, acting_for=acting_for)


def _new_upload_form() -> PresentationUploadForm:
    return PresentationUploadForm(initial={"upload_id": uuid.uuid4().hex})


def render_meeting_page(
    request,
    meeting: Meeting,
    *,
    failed_upload: tuple | None = None,
    acting_for: Organisation | None = None,
    status: int = 200,
):
    """The meeting page with a preparation panel per organisation the person acts for (an
    organiser can open any invited one). After a refused upload the form shows the problem."""
    organising = rules.has_perm("meetings.organise_meeting", request.user, meeting)
    organisations = selectors.user_organisations_in_meeting(request.user, meeting)
    for extra in [failed_upload[0] if failed_upload else None, acting_for]:
        if extra is not None and extra not in organisations:
            organisations.append(extra)
    now = timezone.now()
    over = meeting.is_over(now)
    panels = []
    for organisation in organisations:
        panel = selectors.organisation_panel(meeting, organisation, now=now)
        failed = failed_upload and failed_upload[0] == organisation
        panel.form = failed_upload[1] if failed else _new_upload_form()
        if len(organisations) > 1:  # one upload per organisation: ids unique on the page
            panel.form.auto_id = f"id_%s_{organisation.code}"
        panels.append(panel)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "organising": organising,
            "panels": panels,
            "shared": selectors.shared_presentations(meeting),
            "materials": selectors.materials_for(meeting, organising=organising),
            "step_materials": selectors.step_portal_documents(meeting.step_id),
            "agenda_items": list(selectors.agenda_items(meeting)),
            "agenda_form": AgendaItemForm() if organising else None,
            "material_form": MaterialForm(auto_id="material_%s") if organising else None,
            "organiser_tasks": list(selectors.organiser_tasks_of(meeting)) if organising else [],
            "evaluation_open": meeting.evaluation_is_open(timezone.now()),
            "feedback_released_for": (
                selectors.organisations_with_released_feedback(meeting) if panels else set()
            ),
            "now": timezone.now(),
            # After the meeting an organiser can let one organisation upload again.
            "meeting_over": over,
            "reopen_form": UploadReopenForm(organisations=selectors.invited_organisations(meeting))
            if organising and over
            else None,
            "reopenings": list(selectors.upload_reopenings_of(meeting))
            if organising and over
            else [],
        },
        status=status,
    )


def _cohort_for_staff(request, cohort_pk: int):
    cohort = get_visible_or_404(core.cohorts_visible_to(request.user), pk=cohort_pk)
    require(request.user, "meetings.create_meeting", cohort)
    return cohort


@login_required
def meeting_create(request, cohort_pk: int):
    cohort = _cohort_for_staff(request, cohort_pk)
    form = MeetingForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                cohort=cohort,
                cluster=data["cluster"],
                step=data["step"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=request.user,
                host=data["host"],
                venue=data["venue"],
                accessibility=data["accessibility"],
                remote_link=data["remote_link"],
                agenda=data["agenda"],
                deadline_days_before=data["deadline_days_before"],
                late_policy=data["late_policy"],
                evaluation_days=data["evaluation_days"],
                evaluation_anonymous=data["evaluation_anonymous"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The meeting was created as a draft. Publish it to send the invitations."),
            )
            return redirect("meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "meetings/meeting_form.html", {"form": form, "cohort": cohort}, status=status
    )


@login_required
def meeting_edit(request, pk: int):
    """Edit or reschedule. Moving a published meeting (its time or place) e-mails everyone
    invited, so that change is shown with who will be told before it is saved."""
    meeting = organised_meeting(request, pk)
    before = {name: getattr(meeting, name) for name in services.SCHEDULE_FIELDS}
    before_deadline = meeting.deadline
    form = MeetingForm(request.POST or None, instance=meeting, cohort=meeting.cohort)
    editing_again = request.POST.get("action") == "edit"
    if request.method == "POST" and form.is_valid() and not editing_again:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        moves = _announced_changes(form, before, changes)
        if moves and request.POST.get("confirmed") != "1":
            return render(
                request,
                "meetings/meeting_reschedule_confirm.html",
                {
                    "meeting": meeting,
                    "form": form,
                    "moves": moves,
                    "deadline_before": before_deadline,
                    "deadline_after": form.instance.deadline,
                    "announcement": selectors.meeting_announcement(form.instance),
                },
            )
        try:
            services.meeting_update(meeting=meeting, by=request.user, **changes)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The meeting was saved and everyone invited was sent the update.")
                if moves
                else _("The meeting was saved."),
            )
            return redirect("meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" and not editing_again else 200
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "cohort": meeting.cohort, "meeting": meeting},
        status=status,
    )


def _announced_changes(form: MeetingForm, before: dict, changes: dict) -> list[dict]:
    """The changes of a published meeting that send everyone invited an update, as the
    confirmation shows them: what, before, after."""
    if form.instance.status != Meeting.Status.PUBLISHED:
        return []
    return [
        {
            "label": form.fields[name].label,
            "before": _shown(before[name]),
            "after": _shown(changes[name]),
        }
        for name in services.SCHEDULE_FIELDS
        if name in changes and changes[name] != before[name]
    ]


def _shown(value) -> str:
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "l j F Y, H:i")
    return str(value) if value else "–"


@login_required
def meeting_publish(request, pk: int):
    """GET: who will be told and what is missing; POST: publish and send the invitations."""
    meeting = organised_meeting(request, pk)
    if request.method != "POST":
        if meeting.status != Meeting.Status.DRAFT:
            messages.info(request, _("The meeting has already been published."))
            return redirect("meeting_detail", pk=meeting.pk)
        return render(
            request,
            "meetings/meeting_publish_confirm.html",
            {"meeting": meeting, "announcement": selectors.meeting_announcement(meeting)},
        )
    try:
        late = services.meeting_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The meeting is published and the invitations are on their way.")
        )
        if late:
            messages.warning(
                request,
                _(
                    "The meeting starts in less than two weeks. Invitations should go out at least "
                    "two weeks before, so consider calling the participants as well."
                ),
            )
    return redirect("meeting_detail", pk=meeting.pk)
