"""An organisation's preparation for a meeting: its tasks, its deadline and its presentations,
and who may read which presentation."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal import selectors as core
from portal.models import Organisation

from ..models import (
    Extension,
    Meeting,
    Presentation,
    UploadReopening,
)
from .meetings import meetings_organised_by, meetings_visible_to
from .preparation import Preparation, TaskState, preparations
from .sharing import shared_with_peers
from .uploads import upload_reopening_for


def effective_deadline(meeting: Meeting, organisation: Organisation) -> datetime:
    extension = Extension.objects.filter(meeting=meeting, organisation=organisation).first()
    return timezone.localtime(extension.deadline) if extension else meeting.deadline


def presentations_of(meeting: Meeting, organisation: Organisation) -> QuerySet[Presentation]:
    return (
        Presentation.objects.filter(meeting=meeting, organisation=organisation)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def shared_presentations(meeting: Meeting, *, excluding: Organisation | None = None):
    """Final presentations peers may read: only once the deadline job has shared them."""
    if not shared_with_peers(meeting):
        return Presentation.objects.none()
    qs = Presentation.objects.filter(meeting=meeting, is_final=True).select_related("organisation")
    if excluding is not None:
        qs = qs.exclude(organisation=excluding)
    return qs.order_by("organisation__name")


def presentations_visible_to(user) -> QuerySet[Presentation]:
    """Own organisation's versions; peers' final ones once shared; everything for organisers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Presentation.objects.none()
    if core.is_programme_admin(user):
        return Presentation.objects.all()
    organised = meetings_organised_by(user).values("pk")
    own_orgs = core.own_organisation_ids(user)
    mentored = core.organisations_visible_to(user).values("pk")
    visible_meetings = meetings_visible_to(user).values("pk")
    return Presentation.objects.filter(
        Q(meeting_id__in=organised)
        | Q(organisation_id__in=own_orgs)
        | Q(meeting_id__in=visible_meetings, organisation_id__in=mentored)
        | Q(
            meeting_id__in=visible_meetings,
            is_final=True,
            meeting__deadline_processed_at__isnull=False,
        )
    )


@dataclass(frozen=True)
class TaskProgress:
    done: int
    total: int


def task_progress(
    meetings: list[Meeting],
    organisation_ids: list[int],
    *,
    finals: list[Presentation] | None = None,
) -> dict[tuple[int, int], TaskProgress]:
    """Done and total preparation tasks per (meeting, organisation), in a fixed number of
    queries: ticked tasks, plus the ones the work itself completes."""
    return {
        key: TaskProgress(done=preparation.done, total=preparation.total)
        for key, preparation in preparations(meetings, organisation_ids, finals=finals).items()
    }


@dataclass
class OrganisationPanel:
    """What one organisation sees of its own preparation for a meeting."""

    organisation: Organisation
    deadline: datetime
    extension: Extension | None
    tasks: list["TaskState"]
    versions: list[Presentation]  # newest first, each with its version_number (1 = first)
    form: object = None
    uploads_open: bool = True  # False once the meeting is over, unless reopened for them
    reopening: "UploadReopening | None" = None
    preparation: Preparation | None = None  # the tasks' states and whether they are behind

    @property
    def final(self) -> Presentation | None:
        return next((p for p in self.versions if p.is_final), None)


def organisation_panel(
    meeting: Meeting, organisation: Organisation, *, now: datetime | None = None
) -> OrganisationPanel:
    now = now or timezone.now()
    reopening = upload_reopening_for(meeting, organisation) if meeting.is_over(now) else None
    extension = Extension.objects.filter(meeting=meeting, organisation=organisation).first()
    versions = _numbered(list(presentations_of(meeting, organisation)))
    # The final version is among the versions the panel lists: no second read of it.
    finals = [version for version in versions if version.is_final]
    preparation = preparations([meeting], [organisation.pk], finals=finals)[
        (meeting.pk, organisation.pk)
    ]
    return OrganisationPanel(
        organisation=organisation,
        deadline=timezone.localtime(extension.deadline) if extension else meeting.deadline,
        extension=extension,
        tasks=preparation.tasks,
        preparation=preparation,
        versions=versions,
        uploads_open=not meeting.is_over(now) or (reopening is not None and reopening.is_open(now)),
        reopening=reopening,
    )


def _numbered(versions: list[Presentation]) -> list[Presentation]:
    """Version 1 is the first upload; presentations are never deleted, so numbers stay put."""
    for number, version in enumerate(reversed(versions), start=1):
        version.version_number = number
    return versions
