"""Reads of an organisation's structured preparation answers and its competence inventory:
who may see them, one question set's answers with who saved last, which sets are complete (for
the preparation tasks, in one query for a whole board), and the inventory side by side."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from portal import selectors as core
from portal.models import Enrolment, User

from ..models import CompetenceRating, Meeting, PreparationAnswer
from ..questions import (
    COMPETENCE_AREAS,
    COMPETENCE_ROLES,
    QUESTION_SETS,
    QuestionSet,
    area_label,
    level_label,
)


def answer_enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """The (organisation, cohort) pairs whose answers and inventory the person may read: those
    whose checklists and analyses they read (own team, mentored cluster, organised cohort,
    admins), and the organisations invited to a meeting the person is a named organiser of."""
    visible = core.enrolments_visible_to(user)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return visible
    named = Meeting.objects.filter(
        pk__in=Meeting.organisers.through.objects.filter(user=user).values("meeting_id")
    )
    invited = Q(cohort_id__in=named.filter(cluster__isnull=True).values("cohort_id")) | Q(
        cluster_id__in=named.filter(cluster__isnull=False).values("cluster_id")
    )
    return Enrolment.objects.filter(Q(pk__in=visible.values("pk")) | invited)


# --- Answers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnsweredQuestion:
    key: str
    text: str
    hint: str
    required: bool
    answer: str


@dataclass(frozen=True)
class AnswerSheet:
    """One question set of one organisation in a cohort, as the page and the decks show it."""

    question_set: QuestionSet
    questions: tuple[AnsweredQuestion, ...]
    saved_at: object | None  # the latest save (a datetime), None before the first
    saved_by: User | None

    @property
    def complete(self) -> bool:
        return all(q.answer for q in self.questions if q.required)

    def answers(self) -> dict[str, str]:
        return {question.key: question.answer for question in self.questions}


def answer_sheet(*, organisation_id: int, cohort_id: int, code: str) -> AnswerSheet:
    """The set's questions with the organisation's answers: one query."""
    question_set = QUESTION_SETS[code]
    rows = {
        row.question: row
        for row in PreparationAnswer.objects.filter(
            organisation_id=organisation_id, cohort_id=cohort_id, question_set=code
        ).select_related("updated_by")
    }
    latest = max(rows.values(), key=lambda row: row.updated_at, default=None)
    return AnswerSheet(
        question_set=question_set,
        questions=tuple(
            AnsweredQuestion(
                key=question.key,
                text=question.text,
                hint=question.hint,
                required=question.required,
                answer=rows[question.key].text if question.key in rows else "",
            )
            for question in question_set.questions
        ),
        saved_at=latest.updated_at if latest else None,
        saved_by=latest.updated_by if latest else None,
    )


def answer_sheets(
    *, organisation_id: int, cohort_id: int, codes: Iterable[str]
) -> dict[str, AnswerSheet]:
    """Several sets at once for the decks (one query each; a deck shows two)."""
    return {
        code: answer_sheet(organisation_id=organisation_id, cohort_id=cohort_id, code=code)
        for code in codes
        if code in QUESTION_SETS
    }


def completed_question_sets(
    cohort_ids: Iterable[int], organisation_ids: Iterable[int]
) -> dict[tuple[int, int], set[str]]:
    """The question sets whose required questions all have an answer, per (cohort,
    organisation): one query however many organisations and meetings."""
    return question_sets_done(
        given_answers(cohort_ids, organisation_ids).values_list(
            "cohort_id", "organisation_id", "question_set", "question"
        )
    )


def given_answers(cohort_ids: Iterable[int], organisation_ids: Iterable[int]):
    """The non-empty answers of these organisations in these cohorts; a query not yet run."""
    return (
        PreparationAnswer.objects.filter(
            cohort_id__in=set(cohort_ids),
            organisation_id__in=(
                organisation_ids
                if isinstance(organisation_ids, QuerySet)
                else list(organisation_ids)
            ),
        )
        .exclude(text="")
        .order_by()
    )


def question_sets_done(rows) -> dict[tuple[int, int], set[str]]:
    """From (cohort, organisation, question set, question) rows of given answers: the sets
    whose required questions all have an answer, per (cohort, organisation)."""
    answered: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for cohort_id, organisation_id, code, key in rows:
        answered[(cohort_id, organisation_id, code)].add(key)
    done: dict[tuple[int, int], set[str]] = defaultdict(set)
    for (cohort_id, organisation_id, code), keys in answered.items():
        question_set = QUESTION_SETS.get(code)
        if question_set and question_set.required_keys <= keys:
            done[(cohort_id, organisation_id)].add(code)
    return done


# --- The competence inventory --------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceCell:
    level: int | None
    note: str

    @property
    def label(self) -> str:
        return level_label(self.level)


@dataclass(frozen=True)
class CompetenceRow:
    """One area and one role: the levels at the start-up and at the conference."""

    area: str
    area_label: str
    role: str
    role_label: str
    startup: CompetenceCell | None
    conference: CompetenceCell | None

    @property
    def change(self) -> int | None:
        if self.startup and self.conference and self.startup.level and self.conference.level:
            return self.conference.level - self.startup.level
        return None

    @property
    def change_text(self) -> str:
        """The change with its sign (a true minus), a dash when there is nothing to compare."""
        change = self.change
        if change is None:
            return "–"
        return f"+{change}" if change > 0 else (f"−{-change}" if change < 0 else "±0")


@dataclass(frozen=True)
class CompetenceInventory:
    rows: tuple[CompetenceRow, ...]
    saved_at: dict[str, object]  # per occasion: the latest save
    saved_by: dict[str, User | None]

    @property
    def comparable(self) -> bool:
        """Both occasions have levels: the page shows them side by side."""
        return all(
            any(getattr(row, occasion) and getattr(row, occasion).level for row in self.rows)
            for occasion in CompetenceRating.Occasion.values
        )

    def cell(self, occasion: str, role: str, area: str) -> CompetenceCell | None:
        for row in self.rows:
            if row.role == role and row.area == area:
                return getattr(row, occasion)
        return None


def competence_inventory(*, organisation_id: int, cohort_id: int) -> CompetenceInventory:
    """Every role and area at both occasions: one query."""
    ratings = list(
        CompetenceRating.objects.filter(
            organisation_id=organisation_id, cohort_id=cohort_id
        ).select_related("updated_by")
    )
    cells = {
        (rating.occasion, rating.role, rating.area): CompetenceCell(rating.level, rating.note)
        for rating in ratings
    }
    saved_at: dict[str, object] = {}
    saved_by: dict[str, User | None] = {}
    for rating in sorted(ratings, key=lambda rating: rating.updated_at):
        saved_at[rating.occasion] = rating.updated_at
        saved_by[rating.occasion] = rating.updated_by
    rows = tuple(
        CompetenceRow(
            area=area,
            area_label=area_label(area),
            role=role.value,
            role_label=str(role.label),
            startup=cells.get((CompetenceRating.Occasion.STARTUP, role.value, area)),
            conference=cells.get((CompetenceRating.Occasion.CONFERENCE, role.value, area)),
        )
        for area, _sv, _en in COMPETENCE_AREAS
        for role in COMPETENCE_ROLES
    )
    return CompetenceInventory(rows=rows, saved_at=saved_at, saved_by=saved_by)
