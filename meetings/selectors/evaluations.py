"""Who is asked to evaluate a meeting, who has answered, and the results."""

from dataclasses import dataclass

from django.db.models import Avg

from portal.models import User

from ..models import EvaluationAnswered, EvaluationResponse, Meeting
from .meetings import invited_organisations


def evaluation_participants(meeting: Meeting):
    return User.objects.filter(
        memberships__organisation__in=invited_organisations(meeting), is_active=True
    ).distinct()


def evaluation_non_responders(meeting: Meeting):
    answered = EvaluationAnswered.objects.filter(meeting=meeting).values("person_id")
    return evaluation_participants(meeting).exclude(pk__in=answered).order_by("email")


def has_answered_evaluation(user, meeting: Meeting) -> bool:
    return EvaluationAnswered.objects.filter(meeting=meeting, person=user).exists()


@dataclass
class EvaluationComment:
    text: str
    respondent: str  # empty on an anonymous evaluation


@dataclass
class EvaluationResults:
    invited: int
    answers: int
    averages: dict[str, float | None]
    comments: list[EvaluationComment]
    anonymous: bool


RATING_FIELDS = ("overall", "usefulness", "arrangements")


def evaluation_results(meeting: Meeting) -> EvaluationResults:
    """Counts, averages and every comment. On an anonymous meeting no name leaves this
    function, so no page can show one."""
    answers = EvaluationResponse.objects.filter(meeting=meeting)
    averages = answers.aggregate(**{field: Avg(field) for field in RATING_FIELDS})
    with_text = answers.exclude(comment="")
    if meeting.evaluation_anonymous:
        # Submission order could tell who wrote what; shuffle it away deterministically.
        comments = [
            EvaluationComment(text=text, respondent="")
            for text in sorted(with_text.values_list("comment", flat=True))
        ]
    else:
        comments = [
            EvaluationComment(text=text, respondent=name or email or "")
            for text, email, name in with_text.order_by("pk").values_list(
                "comment", "respondent__email", "respondent__full_name"
            )
        ]
    return EvaluationResults(
        invited=evaluation_participants(meeting).count(),
        answers=answers.count(),
        averages={k: (round(v, 1) if v is not None else None) for k, v in averages.items()},
        comments=comments,
        anonymous=meeting.evaluation_anonymous,
    )
