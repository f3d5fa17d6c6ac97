"""Reads of meetings and what hangs on them, one module per part of a meeting's life (see
meetings/services/). Visibility lives in selectors/meetings.py and selectors/presentations.py
so lists and rules agree. The document builders' data loaders live in meetings/documents/data.py."""

from .calendar import calendar_events_for, meeting_calendar_event
from .dashboards import (
    ParticipantLine,
    earlier_meetings_for,
    participant_overview,
    upcoming_meetings_for,
)
from .deadlines import (
    BoardRow,
    behind_reminder_context,
    behind_reminders_preview,
    organisations_without_final,
    preparation_board,
    presentation_status,
)
from .evaluations import (
    RATING_FIELDS,
    EvaluationComment,
    EvaluationResults,
    evaluation_non_responders,
    evaluation_participants,
    evaluation_results,
    has_answered_evaluation,
)
from .feedback import (
    FeedbackOverview,
    FeedbackRow,
    feedback_overview,
    released_feedback,
    released_feedback_for_organisation,
)
from .improvement import checklist_item_choices, improvement_efforts_of
from .materials import TemplateBatchRow, agenda_items, materials_for, template_batch
from .meetings import (
    invited_organisations,
    meetings_named_organiser_rows,
    meetings_of_organisation,
    meetings_organised_by,
    meetings_visible_to,
    meetings_with_tasks,
    user_organisations_in_meeting,
)
from .organiser_tasks import organiser_tasks_of, overdue_organiser_tasks
from .presentations import (
    DERIVED_KINDS,
    OrganisationPanel,
    TaskProgress,
    TaskState,
    effective_deadline,
    organisation_panel,
    presentations_of,
    presentations_visible_to,
    shared_presentations,
    task_progress,
)

__all__ = [
    "BoardRow",
    "DERIVED_KINDS",
    "EvaluationComment",
    "EvaluationResults",
    "FeedbackOverview",
    "FeedbackRow",
    "OrganisationPanel",
    "ParticipantLine",
    "RATING_FIELDS",
    "TaskProgress",
    "TaskState",
    "TemplateBatchRow",
    "agenda_items",
    "behind_reminder_context",
    "behind_reminders_preview",
    "calendar_events_for",
    "checklist_item_choices",
    "earlier_meetings_for",
    "effective_deadline",
    "evaluation_non_responders",
    "evaluation_participants",
    "evaluation_results",
    "feedback_overview",
    "has_answered_evaluation",
    "improvement_efforts_of",
    "invited_organisations",
    "materials_for",
    "meeting_calendar_event",
    "meetings_named_organiser_rows",
    "meetings_of_organisation",
    "meetings_organised_by",
    "meetings_visible_to",
    "meetings_with_tasks",
    "organisation_panel",
    "organisations_without_final",
    "organiser_tasks_of",
    "overdue_organiser_tasks",
    "participant_overview",
    "preparation_board",
    "presentation_status",
    "presentations_of",
    "presentations_visible_to",
    "released_feedback",
    "released_feedback_for_organisation",
    "shared_presentations",
    "task_progress",
    "template_batch",
    "upcoming_meetings_for",
    "user_organisations_in_meeting",
]
