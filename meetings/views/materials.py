"""A meeting's material and agenda items, and the documents built from the meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.generation import generated_file_request
from portal.http import parse_ids
from portal.shortcuts import get_visible_or_404, require

from .. import selectors, services
from ..forms import AgendaItemForm, MaterialForm
from ..models import AgendaItem, Material
from ._common import organised_meeting, participating_organisation, wants_json

# --- Material -------------------------------------------------------------------------------


@login_required
@require_POST
def material_add(request, pk: int):
    meeting = organised_meeting(request, pk)
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


# --- Agenda items ---------------------------------------------------------------------------


@login_required
@require_POST
def agenda_item_add(request, pk: int):
    meeting = organised_meeting(request, pk)
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
    meeting = organised_meeting(request, pk)
    item = get_visible_or_404(AgendaItem.objects.filter(meeting=meeting), pk=item_pk)
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, _("The agenda item was removed."))
    return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#agenda-heading")


# --- Generated documents ----------------------------------------------------------------------


def _request_document(request, kind: str, parameters: dict):
    generated = generated_file_request(kind=kind, parameters=parameters, by=request.user)
    return redirect("generated_file_detail", pk=generated.pk)


@login_required
@require_POST
def meeting_organiser_checklist_pdf(request, pk: int):
    """The organiser's checklist of the meeting as a PDF to print and tick off."""
    meeting = organised_meeting(request, pk)
    return _request_document(request, "organiser_checklist", {"meeting": meeting.pk})


@login_required
@require_POST
def meeting_template(request, pk: int, code: str):
    """The organisation's prefilled presentation template, built in the background."""
    return _organisation_document(request, pk, code, "meeting_template")


@login_required
@require_POST
def organisation_facts(request, pk: int, code: str):
    """The organisation facts template of the start-up, built in the background."""
    return _organisation_document(request, pk, code, "organisation_facts")


def _organisation_document(request, pk: int, code: str, kind: str):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation, _on_behalf = participating_organisation(request, meeting, code)
    try:
        generated = services.organisation_template_request(
            meeting=meeting, organisation=organisation, kind=kind, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("meeting_detail", args=[meeting.pk]) + f"#org-{code}")
    return redirect("generated_file_detail", pk=generated.pk)


@login_required
@require_POST
def meeting_agenda_pdf(request, pk: int):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    return _request_document(request, "meeting_agenda", {"meeting": meeting.pk})


@login_required
@require_POST
def meeting_templates_all(request, pk: int):
    """One prefilled template per invited organisation, each built by its own task."""
    meeting = organised_meeting(request, pk)
    files = services.meeting_templates_request(meeting=meeting, by=request.user)
    if not files:
        if meeting.is_over(timezone.now()):
            messages.error(
                request,
                _(
                    "The meeting has been held: templates are built only for organisations "
                    "whose uploads you have reopened."
                ),
            )
        else:
            messages.error(request, _("No organisations are invited to this meeting."))
        return redirect("meeting_board", pk=meeting.pk)
    ids = ",".join(str(generated.pk) for generated in files)
    return redirect(reverse("meeting_templates_progress", args=[meeting.pk]) + f"?files={ids}")


@login_required
def meeting_templates_progress(request, pk: int):
    """The templates of every organisation with their progress. The page polls itself (htmx)
    until every file is finished; a script may ask for the same as JSON."""
    meeting = organised_meeting(request, pk)
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
    if wants_json(request):
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


@login_required
@require_POST
def meeting_zip(request, pk: int):
    """All final presentations as one ZIP, built in the background while the page shows progress."""
    meeting = organised_meeting(request, pk)
    generated = generated_file_request(
        kind="presentations_zip", parameters={"meeting": meeting.pk}, by=request.user
    )
    return redirect("generated_file_detail", pk=generated.pk)
