"""Reads for an organiser's own messages and for the "who will be told" of publishing and
rescheduling: the recipients of a chosen group, each message as its recipient will read it,
and the meeting's sent log."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.links import absolute_reverse
from portal.models import Membership, Organisation, User

from ..models import Extension, Meeting, OrganiserMessage
from .deadlines import organisations_without_final, preparation_board
from .meetings import invited_organisations

# The placeholders a message may use, with what each stands for (shown on the form).
PLACEHOLDERS = {
    "organisation": gettext_lazy("the recipient's organisation"),
    "deadline": gettext_lazy(
        "the organisation's presentation deadline (with an extension, the new one)"
    ),
    "meeting": gettext_lazy("the meeting's title"),
    "link": gettext_lazy("the address of the meeting's page"),
}
PLACEHOLDER_PATTERN = re.compile(r"\{(\w*)\}")


def unknown_placeholders(text: str) -> list[str]:
    """The names in braces that are not placeholders, in the order they appear, once each."""
    found = [name for name in PLACEHOLDER_PATTERN.findall(text) if name not in PLACEHOLDERS]
    return list(dict.fromkeys(found))


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Put the values in; only the known names are replaced (plain text, nothing evaluated)."""
    return PLACEHOLDER_PATTERN.sub(lambda match: values.get(match[1], match[0]), text)


@dataclass
class Recipient:
    person: User
    organisation: Organisation
    deadline: datetime


@dataclass
class RenderedMessage:
    recipient: Recipient
    subject: str
    body: str


def audience_organisations(
    meeting: Meeting, *, audience: str, picked: list[int] | None = None
) -> list[Organisation]:
    """The invited organisations of a group. "Behind" is the board's own rule."""
    if audience == OrganiserMessage.Audience.BEHIND:
        return [row.organisation for row in preparation_board(meeting) if row.is_behind]
    if audience == OrganiserMessage.Audience.WITHOUT_FINAL:
        return list(organisations_without_final(meeting))
    organisations = invited_organisations(meeting)
    if audience == OrganiserMessage.Audience.PICKED:
        organisations = organisations.filter(pk__in=picked or [])
    return list(organisations)


def message_recipients(
    meeting: Meeting,
    *,
    audience: str,
    picked: list[int] | None = None,
    team_roles: list[str] | None = None,
) -> list[Recipient]:
    """Every (person, organisation) a message to the group goes to, in a fixed number of
    queries: the active members of the group's organisations, limited to some team roles."""
    organisations = audience_organisations(meeting, audience=audience, picked=picked)
    by_pk = {organisation.pk: organisation for organisation in organisations}
    memberships = Membership.objects.filter(
        organisation_id__in=by_pk, user__is_active=True
    ).select_related("user")
    if team_roles:
        memberships = memberships.filter(team_role__in=team_roles)
    extensions = dict(
        Extension.objects.filter(meeting=meeting, organisation_id__in=by_pk).values_list(
            "organisation_id", "deadline"
        )
    )
    recipients = [
        Recipient(
            person=membership.user,
            organisation=by_pk[membership.organisation_id],
            deadline=timezone.localtime(extensions.get(membership.organisation_id))
            if membership.organisation_id in extensions
            else meeting.deadline,
        )
        for membership in memberships
    ]
    recipients.sort(key=lambda r: (r.organisation.name, r.person.email))
    return recipients


def message_render(
    meeting: Meeting, *, subject: str, body: str, recipient: Recipient
) -> RenderedMessage:
    """The subject and text as this recipient reads them, in their language."""
    with translation.override(recipient.person.language):
        values = {
            "organisation": recipient.organisation.name,
            "deadline": formats.date_format(recipient.deadline, "l j F Y, H:i"),
            "meeting": meeting.title,
            "link": absolute_reverse("meeting_detail", args=[meeting.pk]),
        }
    return RenderedMessage(
        recipient=recipient,
        subject=fill_placeholders(subject, values),
        body=fill_placeholders(body, values),
    )


def sent_messages(meeting: Meeting) -> QuerySet[OrganiserMessage]:
    return OrganiserMessage.objects.filter(meeting=meeting).select_related("sent_by")


@dataclass
class Announcement:
    """Who hears of a meeting when it is published or moved, and what is missing."""

    organisations: list[Organisation]
    people: int
    warnings: list[str]


def meeting_announcement(meeting: Meeting, *, now: datetime | None = None) -> Announcement:
    now = now or timezone.now()
    organisations = list(invited_organisations(meeting))
    people = (
        User.objects.filter(memberships__organisation__in=organisations, is_active=True)
        .distinct()
        .count()
    )
    warnings = []
    if not organisations:
        warnings.append(_("No organisation is invited to the meeting: nobody will be told."))
    elif not people:
        warnings.append(_("The invited organisations have no team members: nobody will be told."))
    if not meeting.agenda and not meeting.agenda_items.exists():
        warnings.append(_("The meeting has no agenda yet."))
    if not meeting.venue and not meeting.remote_link:
        warnings.append(_("The meeting has neither a venue nor a link for remote participation."))
    lead = (meeting.starts_at - now).days
    if lead < settings.INVITATION_LEAD_DAYS:
        warnings.append(
            _("The meeting starts in less than two weeks: invitations should go out earlier.")
        )
    return Announcement(organisations=organisations, people=people, warnings=warnings)
