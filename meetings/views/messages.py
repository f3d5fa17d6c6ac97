"""An organiser's own messages to a meeting's participants: write, preview per recipient,
confirm how many people get it, send; and the meeting's sent log."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import Organisation, TeamRole
from portal.shortcuts import apply_validation_error

from .. import selectors, services
from ..forms import OrganiserMessageForm
from ..models import OrganiserMessage
from ._common import organised_meeting

# The preview renders the message for this many recipients and counts the rest.
PREVIEW_RECIPIENTS = 10


@login_required
def meeting_messages(request, pk: int):
    """The sent log of the meeting's own messages."""
    meeting = organised_meeting(request, pk)
    return render(
        request,
        "meetings/messages.html",
        {"meeting": meeting, "sent": list(selectors.sent_messages(meeting))},
    )


@login_required
def message_detail(request, pk: int, message_pk: int):
    meeting = organised_meeting(request, pk)
    message = get_object_or_404(selectors.sent_messages(meeting), pk=message_pk)
    organisations = Organisation.objects.filter(code__in=message.organisation_codes).order_by(
        "name"
    )
    return render(
        request,
        "meetings/message_detail.html",
        {
            "meeting": meeting,
            "message": message,
            "organisations": list(organisations),
            "roles": _role_labels(message.team_roles),
        },
    )


@login_required
def message_compose(request, pk: int):
    """GET: the form. POST "preview": the message as each recipient reads it and how many get
    it. POST "send": sends it (once per form, however often it is submitted)."""
    meeting = organised_meeting(request, pk)
    organisations = selectors.invited_organisations(meeting)
    if request.method != "POST":
        form = OrganiserMessageForm(organisations=organisations, initial={"key": uuid.uuid4().hex})
        return _form_page(request, meeting, form)
    form = OrganiserMessageForm(request.POST, organisations=organisations)
    action = request.POST.get("action", "preview")
    if action == "edit" or not form.is_valid():
        return _form_page(request, meeting, form, status=200 if action == "edit" else 400)
    data = form.cleaned_data
    choice = {
        "audience": data["audience"],
        "picked": [organisation.pk for organisation in data["organisations"]],
        "team_roles": data["team_roles"],
    }
    if action == "send":
        try:
            message, sent = services.organiser_message_send(
                meeting=meeting,
                key=data["key"],
                subject=data["subject"],
                body=data["body"],
                by=request.user,
                **choice,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return _form_page(request, meeting, form, status=400)
        if sent:
            count = message.recipients_count
            messages.success(
                request,
                ngettext(
                    "The message was sent to %(count)s person.",
                    "The message was sent to %(count)s people.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("This message had already been sent; it was not sent again."))
        return redirect("message_detail", pk=meeting.pk, message_pk=message.pk)
    recipients = selectors.message_recipients(meeting, **choice)
    previews = [
        selectors.message_render(
            meeting, subject=data["subject"], body=data["body"], recipient=recipient
        )
        for recipient in recipients[:PREVIEW_RECIPIENTS]
    ]
    return render(
        request,
        "meetings/message_preview.html",
        {
            "meeting": meeting,
            "form": form,
            "recipients": recipients,
            "organisations": sorted({r.organisation.name for r in recipients}),
            "previews": previews,
            "more": max(len(recipients) - PREVIEW_RECIPIENTS, 0),
            "audience": OrganiserMessage.Audience(data["audience"]).label,
            "roles": _role_labels(data["team_roles"]),
        },
    )


def _form_page(request, meeting, form, *, status: int = 200):
    return render(
        request,
        "meetings/message_form.html",
        {"meeting": meeting, "form": form, "placeholders": selectors.PLACEHOLDERS},
        status=status,
    )


def _role_labels(codes: list[str]) -> list[str]:
    return [str(TeamRole(code).label) for code in codes if code in TeamRole.values]
