"""An organisation's preparation: task ticks, uploads, downloads, the final version; and the
extensions organisers grant."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from portal.models import Organisation
from portal.shortcuts import apply_validation_error, get_visible_or_404

from .. import selectors, services
from ..filecheck import clean_upload_name
from ..forms import ExtensionForm, PresentationUploadForm, UploadReopenForm
from ..models import Meeting, MeetingTask
from ..uploads import body_clearly_too_large, install_upload_guards
from ._common import organised_meeting, participating_organisation, wants_json
from .deadlines import board_context
from .meetings import render_meeting_page


@login_required
@require_POST
def task_toggle(request, pk: int, code: str, task_pk: int):
    meeting = get_visible_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    organisation, _on_behalf = participating_organisation(request, meeting, code)
    task = get_visible_or_404(
        MeetingTask.objects.filter(meeting=meeting).exclude(kind__in=selectors.DERIVED_KINDS),
        pk=task_pk,
    )
    services.meeting_task_set_done(
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
        organisation, _on_behalf = participating_organisation(request, meeting, code)
        return _upload_failed(request, meeting, organisation, _too_large_message())
    install_upload_guards(request)
    return _presentation_upload(request, pk, code)


def _too_large_message() -> str:
    return _("The file is larger than %(mb)s MB, the largest size accepted.") % {
        "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    }


@csrf_protect
def _presentation_upload(request, pk: int, code: str):
    meeting = get_visible_or_404(
        selectors.meetings_with_tasks(selectors.meetings_visible_to(request.user)), pk=pk
    )
    organisation, on_behalf = participating_organisation(request, meeting, code)
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
    text = _(
        "%(name)s was uploaded as version %(number)s and is now the final version. "
        "Your team gets a receipt by e-mail."
    ) % {
        "name": presentation.original_name,
        "number": presentation.version_number,
    }
    if presentation.is_late:
        text += " " + _("It arrived after the deadline and is marked late.")
    # Shown on the page the person comes back to (the script reloads it), where it takes focus.
    messages.success(request, text)
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "message": text,
                "redirect": reverse("meeting_detail", args=[pk]) + f"#org-{code}",
            }
        )
    return redirect(reverse("meeting_detail", args=[pk]) + f"#org-{code}")


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
    if wants_json(request):
        return JsonResponse({"ok": False, "errors": form.errors.get("file", [])}, status=400)
    return render_meeting_page(request, meeting, failed_upload=(organisation, form), status=400)


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
    participating_organisation(request, meeting, presentation.organisation.code)
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


@login_required
@require_POST
def extension_grant(request, pk: int):
    meeting = organised_meeting(request, pk)
    form = ExtensionForm(request.POST, organisations=selectors.invited_organisations(meeting))
    if form.is_valid():
        try:
            services.extension_grant(
                meeting=meeting,
                organisation=form.cleaned_data["organisation"],
                deadline=form.cleaned_data["deadline"],
                reason=form.cleaned_data["reason"],
                by=request.user,
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
        board_context(request, meeting, extension_form=form),
        status=400,
    )


@login_required
@require_POST
def upload_reopen(request, pk: int):
    """An organiser lets one organisation upload again after the meeting, with a reason."""
    meeting = organised_meeting(request, pk)
    form = UploadReopenForm(request.POST, organisations=selectors.invited_organisations(meeting))
    anchor = reverse("meeting_detail", args=[meeting.pk]) + "#reopen-uploads"
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect(anchor)
    organisation = form.cleaned_data["organisation"]
    try:
        services.upload_reopen(
            meeting=meeting,
            organisation=organisation,
            reason=form.cleaned_data["reason"],
            until=form.cleaned_data["until"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(anchor)
    messages.success(
        request,
        _("Uploads are open again for %(name)s. Its uploads from now on are marked late.")
        % {"name": organisation.name},
    )
    return redirect(
        reverse("meeting_detail", args=[meeting.pk])
        + f"?for={organisation.code}#org-{organisation.code}"
    )
