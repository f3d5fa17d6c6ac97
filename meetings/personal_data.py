"""What the meetings app holds about a person, registered with portal.personal_data: the
meetings they organise, their uploads, evaluations, feedback, extensions, tasks, improvement
efforts and calendar feed; what a removal unlinks; and the evaluations' retention rule."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.personal_data import PersonalDataHolder, RetentionRule, as_iso, register

from .models import (
    CalendarFeed,
    EffortSummary,
    EvaluationAnswered,
    EvaluationResponse,
    Extension,
    Feedback,
    GovernanceLink,
    ImprovementEffort,
    ImprovementEffortStage,
    Meeting,
    OrganiserTask,
    Presentation,
    ResultsKeyFigure,
    TaskCompletion,
    UploadReopening,
)


def meetings_personal_data_export(user: User) -> dict[str, Any]:
    answered = list(
        EvaluationAnswered.objects.filter(person=user)
        .select_related("meeting")
        .order_by("answered_at")
    )
    answered_at = {row.meeting_id: row.answered_at for row in answered}
    return {
        "organiser_of_meetings": [
            {"meeting": row.title, "starts": as_iso(row.starts_at)}
            for row in Meeting.objects.filter(organisers=user).order_by("starts_at")
        ],
        "uploads": [
            {
                "file_name": row.original_name,
                "size": row.size,
                "sha256": row.sha256,
                "meeting": row.meeting.title,
                "organisation": row.organisation.name,
                "uploaded": as_iso(row.uploaded_at),
                "final": row.is_final,
                "late": row.is_late,
            }
            for row in Presentation.objects.filter(uploaded_by=user)
            .select_related("meeting", "organisation")
            .order_by("uploaded_at")
        ],
        # That the person answered an evaluation, named or anonymous; what they answered only
        # for named evaluations: an anonymous answer is linked to nobody, so it cannot be found.
        "evaluations_answered": [
            {
                "meeting": row.meeting.title,
                "answered": as_iso(row.answered_at),
                "anonymous": row.meeting.evaluation_anonymous,
            }
            for row in answered
        ],
        "evaluation_answers": [
            {
                "meeting": row.meeting.title,
                "overall": row.overall,
                "usefulness": row.usefulness,
                "arrangements": row.arrangements,
                "comment": row.comment,
                "submitted": as_iso(answered_at.get(row.meeting_id)),
            }
            for row in EvaluationResponse.objects.filter(
                respondent=user, meeting__evaluation_anonymous=False
            ).select_related("meeting")
        ],
        "feedback_written": [
            {
                "meeting": row.meeting.title,
                "organisation": row.organisation.name if row.organisation else None,
                "version": row.version,
                "plus": row.plus,
                "minus": row.minus,
                "interesting": row.interesting,
                "on_presentation": row.on_presentation,
                "on_improvement_work": row.on_improvement_work,
                "written": as_iso(row.written_at),
                "released": as_iso(row.released_at),
            }
            for row in Feedback.objects.filter(Q(written_by=user) | Q(released_by=user))
            .distinct()
            .select_related("meeting", "organisation")
        ],
        "extensions_granted": [
            {
                "meeting": row.meeting.title,
                "organisation": row.organisation.name,
                "deadline": as_iso(row.deadline),
                "reason": row.reason,
            }
            for row in Extension.objects.filter(granted_by=user).select_related(
                "meeting", "organisation"
            )
        ],
        "uploads_reopened": [
            {
                "meeting": row.meeting.title,
                "organisation": row.organisation.name,
                "until": as_iso(row.until),
                "reason": row.reason,
            }
            for row in UploadReopening.objects.filter(reopened_by=user).select_related(
                "meeting", "organisation"
            )
        ],
        "tasks_marked_done": [
            {"meeting": row.task.meeting.title, "task": row.task.title, "done": as_iso(row.done_at)}
            for row in TaskCompletion.objects.filter(done_by=user).select_related("task__meeting")
        ]
        + [
            {"meeting": row.meeting.title, "task": str(row.title), "done": as_iso(row.done_at)}
            for row in OrganiserTask.objects.filter(done_by=user).select_related("meeting")
        ],
        "improvement_efforts_created": [
            {"organisation": row.organisation.name, "title": row.title}
            for row in ImprovementEffort.objects.filter(created_by=user).select_related(
                "organisation"
            )
        ],
        "improvement_effort_stages_set": [
            {"effort": row.effort.title, "stage": row.stage, "when": as_iso(row.at)}
            for row in ImprovementEffortStage.objects.filter(by=user).select_related("effort")
        ],
        "effort_summaries": [
            {
                "effort": row.effort.title,
                "meeting": row.meeting.title,
                "saved_by_you": row.updated_by_id == user.pk,
                "confirmed_by_you": row.confirmed_by_id == user.pk,
            }
            for row in EffortSummary.objects.filter(Q(updated_by=user) | Q(confirmed_by=user))
            .select_related("effort", "meeting")
            .order_by("updated_at")
        ],
        "governance_chain_links_saved": [
            {
                "organisation": row.organisation.name,
                "occasion": row.occasion,
                "link": row.link,
                "saved": as_iso(row.updated_at),
            }
            for row in GovernanceLink.objects.filter(updated_by=user).select_related("organisation")
        ],
        "results_key_figures_chosen": [
            {"organisation": row.organisation.name, "key_figure": row.key_figure.kpi_id}
            for row in ResultsKeyFigure.objects.filter(chosen_by=user).select_related(
                "organisation", "key_figure"
            )
        ],
        "calendar_feed": {"created": as_iso(row.created_at)}
        if (row := CalendarFeed.objects.filter(user=user).first())
        else None,
    }


def meetings_personal_data_anonymise(user: User) -> dict[str, int]:
    """The person organises no meeting any more and their calendar feed goes; uploads,
    feedback and evaluation answers stay under the neutral name (uploads belong to the
    organisation)."""
    user.meetings_organised.clear()
    CalendarFeed.objects.filter(user=user).delete()
    return {"uploads_kept": Presentation.objects.filter(uploaded_by=user).count()}


def meetings_removal_preview(user: User) -> list[tuple[str, int]]:
    return [
        (
            _("Uploaded files that stay with the organisation"),
            Presentation.objects.filter(uploaded_by=user).count(),
        ),
        (
            _("Evaluation answers that are kept"),
            EvaluationAnswered.objects.filter(person=user).count(),
        ),
    ]


def evaluations_prune(*, now: datetime | None = None) -> int:
    """Strip the personal part of evaluations of meetings that ended more than
    RETENTION_EVALUATION_DAYS ago, and return how many answers lost it.

    The answers' respondent and free-text comment are removed, and so are the records of who
    answered; the three scores stay, unlinked from anyone, so the counts and averages
    organisers see for past meetings stay what they were. The age is counted from the
    meeting's end, the earliest moment an answer can be given (answers carry no time of their
    own: on an anonymous evaluation a time could be matched with who answered when), so
    nothing is kept longer than the period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_EVALUATION_DAYS)
    EvaluationAnswered.objects.filter(meeting__ends_at__lt=cutoff).delete()
    old = EvaluationResponse.objects.filter(meeting__ends_at__lt=cutoff)
    return old.filter(Q(respondent__isnull=False) | ~Q(comment="")).update(
        respondent=None, comment=""
    )


def register_personal_data() -> None:
    register(
        PersonalDataHolder(
            app="meetings",
            export=meetings_personal_data_export,
            anonymise=meetings_personal_data_anonymise,
            removal_preview=meetings_removal_preview,
            retention=(
                RetentionRule(
                    name="evaluation_answers_anonymised",
                    prune=lambda now: evaluations_prune(now=now),
                ),
            ),
        )
    )
