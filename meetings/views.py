import secrets
import uuid

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from portal import selectors as core
from portal.http import parse_ids
from portal.models import Organisation
from portal.shortcuts import apply_validation_error, get_visible_or_404, require

from . import selectors, services
from .calendar import build_feed_ics
from .filecheck import clean_upload_name
from .forms import (
    AgendaItemForm,
    BoardFilterForm,
    EvaluationForm,
    ExtensionForm,
    FeedbackOrganisationForm,
    FeedbackSummaryForm,
    ImprovementEffortForm,
    MaterialForm,
    MeetingForm,
    PresentationUploadForm,
)
from .models import AgendaItem, CalendarFeed, Material, Meeting, MeetingTask, OrganiserTask
from .rules import ActingFor
from .uploads import body_clearly_too_large, install_upload_guards


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- Home ------------------------------------------------------------------------


@login_required
def home(request):
    """Each role's start page: the person's organisations, the next meeting and its deadline,
    and for staff the cohorts they look after."""
    user = request.user
    now = timezone.now()
    context = {"memberships": core.user_memberships(user), "now": now}
    if rules.has_perm("portal.organise_cohorts", user):
        context["staff_cohorts"] = core.cohorts_with_enrolments(core.cohorts_organised_by(user))
    context["upcoming"] = selectors.upcoming_meetings_for(user, now=now)
    context["earlier"] = selectors.earlier_meetings_for(user, now=now)
    context["participation"] = selectors.participant_overview(
        user, now=now, memberships=context["memberships"]
    )
    if "staff_cohorts" in context:
        context["overdue_tasks"] = selectors.overdue_organiser_tasks(user, now=now)
    return render(request, "meetings/home.html", context)


# --- Meetings --------------------------------------------------------------------


@login_required
def meeting_detail(request, pk: int):
    meeting = get_visible_or_404(
        selectors.meetings_with_tasks(selectors.meetings_visible_to(request.user)), pk=pk
    )
    acting_for = None
    if request.GET.get("for") and rules.has_perm("meetings.organise_meeting", request.user, meeting):
        acting_for = (
            selectors.invited_organisations(meeting).filter(code=request.GET["for"]).first()
        )
    return _meeting_page(request, meeting, acting_for=acting_for)


def _new_upload_form() -> PresentationUploadForm:
    return PresentationUploadForm(initial={"upload_id": uuid.uuid4().hex})


def _meeting_page(
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
    panels = []
    for organisation in organisations:
        panel = selectors.organisation_panel(meeting, organisation)
        failed = failed_upload and failed_upload[0] == organisation
        panel.form = failed_upload[1] if failed else _new_upload_form()
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
            "agenda_items": list(selectors.agenda_items(meeting)),
            "agenda_form": AgendaItemForm() if organising else None,
            "organiser_tasks": list(selectors.organiser_tasks(meeting)) if organising else [],
            "evaluation_open": meeting.evaluation_is_open(timezone.now()),
            "now": timezone.now(),
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


def _organised_meeting(request, pk: int) -> Meeting:
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    require(request.user, "meetings.organise_meeting", meeting)
    return meeting


@login_required
def meeting_edit(request, pk: int):
    meeting = _organised_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, cohort=meeting.cohort)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.meeting_update(
                meeting=meeting, by=request.user, base_url=_base_url(request), **changes
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "cohort": meeting.cohort, "meeting": meeting},
        status=status,
    )


@login_required
@require_POST
def meeting_publish(request, pk: int):
    meeting = _organised_meeting(request, pk)
    try:
        late = services.meeting_publish(
            meeting=meeting, by=request.user, base_url=_base_url(request)
        )
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


# --- Preparation and presentations ------------------------------------------------------


def _participating_organisation(request, meeting: Meeting, code: str) -> tuple[Organisation, bool]:
    """The organisation the person acts for: their own, or any invited one for organisers."""
    organisation = get_visible_or_404(selectors.invited_organisations(meeting), code=code)
    require(request.user, "meetings.act_for_organisation", ActingFor(meeting, organisation))
    on_behalf = not rules.has_perm("portal.member_of_organisation", request.user, organisation)
    return organisation, on_behalf


@login_required
@require_POST
def task_toggle(request, pk: int, code: str, task_pk: int):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation, _on_behalf = _participating_organisation(request, meeting, code)
    task = get_visible_or_404(
        MeetingTask.objects.filter(meeting=meeting).exclude(kind__in=selectors.DERIVED_KINDS),
        pk=task_pk,
    )
    services.task_set_done(
        task=task, organisation=organisation, by=request.user, done=request.POST.get("done") == "1"
    )
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + f"#org-{organisation.code}")


@csrf_exempt
@login_required
@require_POST
def presentation_upload(request, pk: int, code: str):
    """The size limit is enforced while the body streams in, so the handler must be in place
    before anything (the CSRF check included) reads the request."""
    if body_clearly_too_large(request):
        meeting = get_visible_or_404(
            selectors.meetings_with_tasks(selectors.meetings_visible_to(request.user)), pk=pk
        )
        organisation, _on_behalf = _participating_organisation(request, meeting, code)
        return _upload_failed(request, meeting, organisation, _too_large_message())
    install_upload_guards(request)
    return _presentation_upload(request, pk, code)


def _too_large_message() -> str:
    from django.conf import settings

    return _("The file is larger than %(mb)s MB, the largest size accepted.") % {
        "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    }


@csrf_protect
def _presentation_upload(request, pk: int, code: str):
    meeting = get_visible_or_404(
        selectors.meetings_with_tasks(selectors.meetings_visible_to(request.user)), pk=pk
    )
    organisation, on_behalf = _participating_organisation(request, meeting, code)
    form = PresentationUploadForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        return _upload_failed(request, meeting, organisation, _too_large_message())
    if not form.is_valid():
        return _upload_failed(request, meeting, organisation, form=form)
    try:
        for raw_name in getattr(request, "raw_upload_names", []):
            clean_upload_name(raw_name)
    except ValidationError as error:
        return _upload_failed(request, meeting, organisation, " ".join(error.messages))
    try:
        presentation = services.presentation_upload(
            meeting=meeting,
            organisation=organisation,
            uploaded=form.cleaned_data["file"],
            by=request.user,
            on_behalf=on_behalf,
            submission_id=form.cleaned_data["upload_id"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        return _upload_failed(request, meeting, organisation, " ".join(error.messages))
    text = _("%(name)s was uploaded and is now the final version.") % {
        "name": presentation.original_name
    }
    if presentation.is_late:
        text += " " + _("It arrived after the deadline and is marked late.")
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "message": text,
                "redirect": reverse("meeting_detail", args=[pk]) + f"#org-{code}",
            }
        )
    messages.success(request, text)
    return redirect(reverse("meeting_detail", args=[pk]) + f"#org-{code}")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _upload_failed(
    request,
    meeting: Meeting,
    organisation: Organisation,
    message: str = "",
    form: PresentationUploadForm | None = None,
):
    """Nothing was stored; say why next to the file field (or in JSON for the script)."""
    if form is None:
        form = PresentationUploadForm(data={"upload_id": uuid.uuid4().hex}, files={})
        form.is_valid()
        form.errors["file"] = form.error_class([message])
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": form.errors.get("file", [])}, status=400)
    return _meeting_page(request, meeting, failed_upload=(organisation, form), status=400)


@login_required
def presentation_download(request, pk: int):
    presentation = get_visible_or_404(selectors.presentations_visible_to(request.user), pk=pk)
    response = FileResponse(
        presentation.file.open("rb"), as_attachment=True, filename=presentation.original_name
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def presentation_final(request, pk: int):
    presentation = get_visible_or_404(selectors.presentations_visible_to(request.user), pk=pk)
    meeting = presentation.meeting
    _participating_organisation(request, meeting, presentation.organisation.code)
    try:
        final = services.presentation_mark_final(presentation=presentation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s is now the final version.") % {"name": final.original_name}
        if final.is_late:
            text += " " + _("The change came after the deadline and is marked late.")
        messages.success(request, text)
    return redirect(
        reverse("meeting_detail", args=[meeting.pk]) + f"#org-{presentation.organisation.code}"
    )


# --- Organiser's board -------------------------------------------------------------


@login_required
def meeting_board(request, pk: int):
    meeting = _organised_meeting(request, pk)
    filters = BoardFilterForm(request.GET or None)
    rows = selectors.preparation_board(meeting)
    wanted = filters.cleaned_data.get("status") if filters.is_valid() else ""
    if wanted == "behind":
        rows = [row for row in rows if row.is_behind]
    elif wanted:
        rows = [row for row in rows if row.status == wanted]
    extension_form = ExtensionForm(organisations=selectors.invited_organisations(meeting))
    return render(
        request,
        "meetings/board.html",
        {
            "meeting": meeting,
            "rows": rows,
            "filters": filters,
            "extension_form": extension_form,
            "now": timezone.now(),
        },
    )


@login_required
def meeting_board_remind(request, pk: int):
    """GET previews the message and its recipients; POST sends it."""
    meeting = _organised_meeting(request, pk)
    if request.method != "POST":
        preview = services.behind_preview(meeting=meeting, base_url=_base_url(request))
        return render(
            request, "meetings/board_remind_preview.html", {"meeting": meeting, **preview}
        )
    count = services.behind_notify(meeting=meeting, by=request.user, base_url=_base_url(request))
    messages.success(
        request,
        _("%(count)s reminder e-mails were sent to the organisations that are behind.")
        % {"count": count},
    )
    return redirect("meeting_board", pk=meeting.pk)


@login_required
@require_POST
def extension_grant(request, pk: int):
    meeting = _organised_meeting(request, pk)
    form = ExtensionForm(request.POST, organisations=selectors.invited_organisations(meeting))
    if form.is_valid():
        try:
            services.extension_grant(
                meeting=meeting,
                organisation=form.cleaned_data["organisation"],
                deadline=form.cleaned_data["deadline"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error, "deadline")
        else:
            messages.success(
                request, _("The extension was granted and the organisation has been told.")
            )
            return redirect("meeting_board", pk=meeting.pk)
    return render(
        request,
        "meetings/board.html",
        {
            "meeting": meeting,
            "rows": selectors.preparation_board(meeting),
            "filters": BoardFilterForm(),
            "extension_form": form,
            "now": timezone.now(),
        },
        status=400,
    )


# --- Calendar ------------------------------------------------------------------------


@login_required
def calendar_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        feed = services.calendar_feed_renew(user=request.user)
        messages.success(
            request, _("You have a new calendar address. The old one no longer works.")
        )
        return redirect("calendar_settings")
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else ""
    return render(request, "meetings/calendar.html", {"feed_url": url})


def calendar_feed(request, token: str):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None or not secrets.compare_digest(feed.token, token):
        raise Http404
    events = selectors.calendar_events_for(feed.user, base_url=_base_url(request))
    response = HttpResponse(
        build_feed_ics(events, name="Jämställdhetsportalen"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def meeting_zip(request, pk: int):
    """All final presentations as one ZIP, built in the background while the page shows progress."""
    from portal.generation import generated_file_request

    meeting = _organised_meeting(request, pk)
    generated = generated_file_request(
        kind="presentations_zip", parameters={"meeting": meeting.pk}, by=request.user
    )
    return redirect("generated_file_detail", pk=generated.pk)


@login_required
@require_POST
def material_add(request, pk: int):
    meeting = _organised_meeting(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                meeting=meeting,
                by=request.user,
                title=form.cleaned_data["title"],
                audience=form.cleaned_data["audience"],
                url=form.cleaned_data["url"],
                uploaded=form.cleaned_data["file"] or None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The material was added."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#materials-heading")


@login_required
def material_download(request, pk: int):
    material = get_visible_or_404(
        Material.objects.filter(file__gt="").select_related("meeting"), pk=pk
    )
    require(request.user, "meetings.download_material", material)
    response = FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.file.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Agenda items ----------------------------------------------------------------------------


@login_required
@require_POST
def agenda_item_add(request, pk: int):
    meeting = _organised_meeting(request, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The agenda item was added."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#agenda-heading")


@login_required
@require_POST
def agenda_item_remove(request, pk: int, item_pk: int):
    meeting = _organised_meeting(request, pk)
    item = get_visible_or_404(AgendaItem.objects.filter(meeting=meeting), pk=item_pk)
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, _("The agenda item was removed."))
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#agenda-heading")


# --- Generated documents -------------------------------------------------------------------------


def _request_document(request, kind: str, parameters: dict):
    from portal.generation import generated_file_request

    generated = generated_file_request(kind=kind, parameters=parameters, by=request.user)
    return redirect("generated_file_detail", pk=generated.pk)


@login_required
@require_POST
def meeting_template(request, pk: int, code: str):
    """The organisation's prefilled presentation template, built in the background."""
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation, _on_behalf = _participating_organisation(request, meeting, code)
    return _request_document(
        request, "meeting_template", {"meeting": meeting.pk, "organisation": organisation.pk}
    )


@login_required
@require_POST
def organisation_facts(request, pk: int, code: str):
    """The organisation facts template of the start-up, built in the background."""
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation, _on_behalf = _participating_organisation(request, meeting, code)
    return _request_document(
        request, "organisation_facts", {"meeting": meeting.pk, "organisation": organisation.pk}
    )


@login_required
@require_POST
def meeting_agenda_pdf(request, pk: int):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    return _request_document(request, "meeting_agenda", {"meeting": meeting.pk})


@login_required
@require_POST
def meeting_templates_all(request, pk: int):
    """One prefilled template per invited organisation, each built by its own task."""
    meeting = _organised_meeting(request, pk)
    files = services.meeting_templates_request(meeting=meeting, by=request.user)
    if not files:
        messages.error(request, _("No organisations are invited to this meeting."))
        return redirect("meeting_board", pk=meeting.pk)
    ids = ",".join(str(generated.pk) for generated in files)
    return redirect(reverse("meeting_templates_progress", args=[meeting.pk]) + f"?files={ids}")


@login_required
def meeting_templates_progress(request, pk: int):
    """The templates of every organisation with their progress; the page polls this as JSON."""
    meeting = _organised_meeting(request, pk)
    rows = selectors.template_batch(meeting, parse_ids(request.GET.get("files", "")))
    if not rows:
        raise Http404
    finished = sum(1 for row in rows if row.generated.status in ("ready", "failed"))
    overall = round(
        sum(
            100 if row.generated.status in ("ready", "failed") else row.generated.progress
            for row in rows
        )
        / len(rows)
    )
    if _wants_json(request):
        return JsonResponse(
            {
                "overall": overall,
                "finished": finished,
                "total": len(rows),
                "files": [
                    {
                        "id": row.generated.pk,
                        "status": row.generated.status,
                        "label": row.generated.get_status_display(),
                        "progress": row.generated.progress,
                        "download": reverse("generated_file_download", args=[row.generated.pk])
                        if row.generated.status == "ready"
                        else None,
                        "error": row.generated.error,
                    }
                    for row in rows
                ],
            }
        )
    return render(
        request,
        "meetings/templates_progress.html",
        {
            "meeting": meeting,
            "rows": rows,
            "overall": overall,
            "finished": finished,
            "poll_url": request.get_full_path(),
        },
    )


# --- Feedback ---------------------------------------------------------------------------------


def _feedback_forms(overview, bound: tuple | None = None):
    """One form per organisation (and the summary), filled with the newest version's text."""

    def initial(feedback, fields):
        return {field: getattr(feedback, field) for field in fields} if feedback else {}

    summary_form = FeedbackSummaryForm(
        initial=initial(overview.summary.latest, services.SUMMARY_FIELDS), prefix="summary"
    )
    for row in overview.rows:
        row.form = FeedbackOrganisationForm(
            initial=initial(row.latest, services.ORGANISATION_FIELDS),
            prefix=f"org-{row.organisation.code}",
        )
    if bound:
        code, form = bound
        if code is None:
            summary_form = form
        for row in overview.rows:
            if row.organisation.code == code:
                row.form = form
    return summary_form


@login_required
def feedback_manage(request, pk: int):
    """Organisers write the drafts; saving a released version starts a correction."""
    meeting = _organised_meeting(request, pk)
    bound = None
    status = 200
    if request.method == "POST":
        code = request.POST.get("organisation") or None
        organisation = None
        if code is None:
            form = FeedbackSummaryForm(request.POST, prefix="summary")
        else:
            organisation = Organisation.objects.filter(code=code).first()
            form = FeedbackOrganisationForm(request.POST, prefix=f"org-{code}")
        if form.is_valid():
            try:
                if code is not None and organisation is None:
                    raise ValidationError(
                        {"organisation": _("This organisation does not take part in the meeting.")}
                    )
                services.feedback_save(
                    meeting=meeting, organisation=organisation, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The draft feedback was saved."))
                return redirect("feedback_manage", pk=meeting.pk)
        bound, status = (code, form), 400
    overview = selectors.feedback_overview(meeting)
    summary_form = _feedback_forms(overview, bound)
    return render(
        request,
        "meetings/feedback_manage.html",
        {"meeting": meeting, "overview": overview, "summary_form": summary_form},
        status=status,
    )


@login_required
@require_POST
def feedback_release(request, pk: int):
    meeting = _organised_meeting(request, pk)
    try:
        count = services.feedback_release(
            meeting=meeting, by=request.user, base_url=_base_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s feedback drafts were released and the organisations told.")
            % {"count": count},
        )
    return redirect("feedback_manage", pk=meeting.pk)


def _released_feedback_or_404(request, pk: int, code: str):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation, _on_behalf = _participating_organisation(request, meeting, code)
    feedback = selectors.released_feedback(meeting, organisation)
    if feedback is None:
        raise Http404
    return meeting, organisation, feedback


@login_required
def feedback_organisation(request, pk: int, code: str):
    """An organisation's released feedback; nothing of it exists for anyone before release."""
    meeting, organisation, feedback = _released_feedback_or_404(request, pk, code)
    return render(
        request,
        "meetings/feedback_organisation.html",
        {"meeting": meeting, "organisation": organisation, "feedback": feedback},
    )


@login_required
def feedback_pdf(request, pk: int, code: str):
    from django.template.loader import render_to_string

    from portal.pdf import html_to_pdf

    meeting, organisation, feedback = _released_feedback_or_404(request, pk, code)
    html = render_to_string(
        "meetings/feedback_pdf.html",
        {"meeting": meeting, "organisation": organisation, "feedback": feedback},
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="aterkoppling-{meeting.pk}-{organisation.code}.pdf"'
    )
    return response


# --- Evaluation -------------------------------------------------------------------------------


@login_required
def evaluation_answer(request, pk: int):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    require(request.user, "meetings.answer_evaluation", meeting)
    answered = selectors.has_answered_evaluation(request.user, meeting)
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.evaluation_submit(meeting=meeting, by=request.user, **form.cleaned_data)
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Thank you for your answer."))
                return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/evaluation_form.html",
        {
            "meeting": meeting,
            "form": form,
            "answered": answered,
            "is_open": meeting.evaluation_is_open(timezone.now()),
        },
        status=status,
    )


@login_required
def evaluation_results(request, pk: int):
    meeting = _organised_meeting(request, pk)
    return render(
        request,
        "meetings/evaluation_results.html",
        {"meeting": meeting, "results": selectors.evaluation_results(meeting)},
    )


# --- Organiser's checklist --------------------------------------------------------------------


@login_required
@require_POST
def organiser_task_toggle(request, pk: int, task_pk: int):
    meeting = _organised_meeting(request, pk)
    task = get_visible_or_404(OrganiserTask.objects.filter(meeting=meeting), pk=task_pk)
    services.organiser_task_set_done(
        task=task, by=request.user, done=request.POST.get("done") == "1"
    )
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#organiser-checklist")


# --- Improvement work at home -----------------------------------------------------------------


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
        if form.is_valid():
            try:
                _save_improvement(request, organisation, form)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The improvement effort was saved."))
                return redirect("organisation_after_meetings", code=organisation.code)
    return render(
        request,
        "meetings/organisation_after_meetings.html",
        {
            "organisation": organisation,
            "efforts": selectors.improvement_efforts_of(organisation),
            # Feedback is the organisation's own: its team and the staff, never mentors.
            "feedback": selectors.released_feedback_for_organisation(organisation)
            if may_edit
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
        if form.is_valid():
            try:
                _save_improvement(request, organisation, form, effort=effort)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The improvement effort was saved."))
                return redirect("organisation_after_meetings", code=organisation.code)
    return render(
        request,
        "meetings/improvement_edit.html",
        {"organisation": organisation, "effort": effort, "form": form},
        status=status,
    )
