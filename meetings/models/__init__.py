"""The meetings app's models, one module per part of a meeting's life; Django finds them here."""

from .after import (
    EvaluationAnswered,
    EvaluationResponse,
    Feedback,
    ImprovementEffort,
    OrganiserTask,
)
from .analysis import (
    DiscussionGroup,
    EffortSummary,
    GovernanceLink,
    ImprovementEffortStage,
    ResultsKeyFigure,
)
from .meetings import AgendaItem, CalendarFeed, Material, Meeting, MeetingTask, TaskCompletion
from .messages import OrganiserMessage
from .preparation import CompetenceRating, PreparationAnswer
from .presentations import DeadlineOutcome, Extension, Presentation
from .steps import CohortProgramme, ProgrammeTemplate, Step, StepMaterial, StepTask
from .uploads import UploadReopening

__all__ = [
    "AgendaItem",
    "CalendarFeed",
    "CohortProgramme",
    "CompetenceRating",
    "DeadlineOutcome",
    "DiscussionGroup",
    "EffortSummary",
    "EvaluationAnswered",
    "EvaluationResponse",
    "Extension",
    "Feedback",
    "GovernanceLink",
    "ImprovementEffort",
    "ImprovementEffortStage",
    "Material",
    "Meeting",
    "MeetingTask",
    "OrganiserMessage",
    "OrganiserTask",
    "PreparationAnswer",
    "Presentation",
    "ProgrammeTemplate",
    "ResultsKeyFigure",
    "Step",
    "StepMaterial",
    "StepTask",
    "TaskCompletion",
    "UploadReopening",
]
