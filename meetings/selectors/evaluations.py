"""Who is asked to evaluate a meeting, who has answered, and the results."""

from dataclasses import dataclass

from django.db.models import Avg, Count

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


@dataclass(frozen=True)
class RatingBar:
    value: int
    count: int
    width: int  # of BAR_WIDTH, relative to the most frequent answer


@dataclass
class EvaluationResults:
    invited: int
    answers: int
    averages: dict[str, float | None]
    comments: list[EvaluationComment]
    anonymous: bool
    spread: dict[str, list[RatingBar]]


RATING_FIELDS = ("overall", "usefulness", "arrangements")
RATING_VALUES = range(1, 6)
BAR_WIDTH = 200


def _spread(answers) -> dict[str, list[RatingBar]]:
    """How many gave each value (1–5) to each question, from one grouped query."""
    counts = {name: dict.fromkeys(RATING_VALUES, 0) for name in RATING_FIELDS}
    for row in answers.order_by().values(*RATING_FIELDS).annotate(n=Count("pk")):
        for name in RATING_FIELDS:
            if row[name] in counts[name]:
                counts[name][row[name]] += row["n"]
    spread = {}
    for name, by_value in counts.items():
        most = max(by_value.values()) or 1
        spread[name] = [
            RatingBar(value=value, count=count, width=round(BAR_WIDTH * count / most))
            for value, count in by_value.items()
        ]
    return spread


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
        spread=_spread(answers),
    )
