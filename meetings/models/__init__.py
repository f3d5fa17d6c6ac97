"""The meetings app's models, one module per part of a meeting's life; Django finds them here."""

from .after import (
    EvaluationAnswered,
    EvaluationResponse,
    Feedback,
    ImprovementEffort,
    OrganiserTask,
)
from .meetings import AgendaItem, CalendarFeed, Material, Meeting, MeetingTask, TaskCompletion
from .messages import OrganiserMessage
from .presentations import DeadlineOutcome, Extension, Presentation
from .steps import Step, StepTask
from .uploads import UploadReopening

__all__ = [
    "AgendaItem",
    "CalendarFeed",
    "DeadlineOutcome",
    "EvaluationAnswered",
    "EvaluationResponse",
    "Extension",
    "Feedback",
    "ImprovementEffort",
    "Material",
    "Meeting",
    "MeetingTask",
    "OrganiserMessage",
    "OrganiserTask",
    "Presentation",
    "Step",
    "StepTask",
    "TaskCompletion",
    "UploadReopening",
]
