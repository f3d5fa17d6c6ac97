"""Reads of checklists and assessments. Visibility lives here so lists and rules agree."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portal import selectors as core
from portal.models import Cohort, Enrolment, User
from portal.occasions import OCCASION_ORDER, Occasion, previous_occasion
from portal.selectors import enrolments_visible_to

from . import composition
from .composition import missing_core_roles, participant_roles
from .models import (
    SHEET_NAMES,
    Assessment,
    ChecklistItem,
    ChecklistVersion,
    ItemScore,
    OccasionDate,
)
from .scoring import Readiness, Scale, item_movement, readiness, total, total_movement

# --- Visibility ----------------------------------------------------------------------


def assessments_visible_to(user) -> QuerySet[Assessment]:
    if core.is_programme_admin(user):
        return Assessment.objects.all()
    visible = enrolments_visible_to(user).filter(
        organisation_id=OuterRef("organisation_id"), cohort_id=OuterRef("cohort_id")
    )
    return Assessment.objects.filter(Exists(visible))


def comparison_cohorts_for(user) -> QuerySet[Cohort]:
    """Admins compare every cohort; organisers the cohorts they organise; others none."""
    return core.cohorts_organised_by(user)


def current_cohort(cohorts: list[Cohort], *, today: date) -> Cohort | None:
    """The round the comparison opens on: the one running today that started last; else the
    one that started last; else the next to start."""
    running = [c for c in cohorts if c.starts_on <= today <= c.ends_on]
    started = [c for c in cohorts if c.starts_on <= today]
    if running or started:
        return max(running or started, key=lambda c: (c.starts_on, c.pk))
    return min(cohorts, key=lambda c: (c.starts_on, c.pk), default=None)


def enrolments_of_user(user) -> QuerySet[Enrolment]:
    """The enrolments of the person's own organisations (where they do the assessment)."""
    return (
        Enrolment.objects.filter(organisation_id__in=core.own_organisation_ids(user))
        .select_related("organisation", "cohort", "cluster")
        .order_by("-cohort__starts_on", "organisation__name")
    )


# --- Versions ------------------------------------------------------------------------


@dataclass
class VersionData:
    version: ChecklistVersion
    scale: Scale
    items: list[ChecklistItem]

    @property
    def item_numbers(self) -> list[int]:
        return [item.number for item in self.items]

    @property
    def min_total(self) -> int:
        return self.scale.lowest * len(self.items)

    @property
    def max_total(self) -> int:
        return self.scale.highest * len(self.items)


def checklist_versions() -> list[ChecklistVersion]:
    """Every version, the default first."""
    return list(ChecklistVersion.objects.order_by("-is_default", "code"))


def default_version() -> ChecklistVersion | None:
    return ChecklistVersion.objects.filter(is_default=True).first()


def version_data(version: ChecklistVersion) -> VersionData:
    """The version's items (with groups) and scale, in two queries."""
    items = list(version.items.select_related("group").order_by("number"))
    levels = tuple(
        (level.value, level.label)
        for level in version.levels.order_by("value").only(
            "version", "value", "label_sv", "label_en"
        )
    )
    return VersionData(version=version, scale=Scale(levels=levels), items=items)


# --- Locking and completion ------------------------------------------------------------


def assessment_lock_time(*, organisation, cohort, occasion: str) -> datetime | None:
    """When the meeting of this occasion starts for the organisation: the date of its cluster's
    meeting if there is one, else the cohort-wide date; None when no meeting is scheduled."""
    cluster_id = (
        Enrolment.objects.filter(organisation=organisation, cohort=cohort)
        .values_list("cluster_id", flat=True)
        .first()
    )
    dates = OccasionDate.objects.filter(cohort=cohort, occasion=occasion).filter(
        Q(cluster__isnull=True) | Q(cluster_id=cluster_id)
    )
    by_cluster = {row.cluster_id: row.starts_at for row in dates}
    if cluster_id is not None and cluster_id in by_cluster:
        return by_cluster[cluster_id]
    return by_cluster.get(None)


def is_locked(assessment: Assessment | None, *, lock_time: datetime | None, now: datetime) -> bool:
    """Locked from the meeting's start, unless an organiser reopened it after that time."""
    if lock_time is None or now < lock_time:
        return False
    reopened = assessment.reopened_at if assessment is not None else None
    return not (reopened is not None and reopened >= lock_time)


def submitted_assessments(*, cohort_id: int, occasion: str, organisation_ids):
    """The submitted assessments of these organisations (ids, or a query of them) for the
    occasion, as a query not yet run (the preparation status reads it with the other proofs
    in one query)."""
    return Assessment.objects.filter(
        cohort_id=cohort_id,
        occasion=occasion,
        organisation_id__in=(
            organisation_ids if isinstance(organisation_ids, QuerySet) else list(organisation_ids)
        ),
        status=Assessment.Status.SUBMITTED,
    ).order_by()


def submitted_organisation_ids(*, cohort_id: int, occasion: str, organisation_ids) -> set[int]:
    """Which of these organisations have submitted their assessment for the occasion."""
    return set(
        submitted_assessments(
            cohort_id=cohort_id, occasion=occasion, organisation_ids=organisation_ids
        ).values_list("organisation_id", flat=True)
    )


# --- The assessment page ---------------------------------------------------------------


@dataclass
class ScoreState:
    score: int | None = None
    comment: str = ""
    revision: int = 0
    updated_by: User | None = None
    updated_at: datetime | None = None


@dataclass
class ItemRow:
    item: ChecklistItem
    current: ScoreState
    previous: ScoreState | None

    @property
    def movement(self) -> int | None:
        if self.previous is None:
            return None
        return item_movement(self.current.score, self.previous.score)


@dataclass
class AssessmentPage:
    enrolment: Enrolment
    occasion: str
    assessment: Assessment | None
    data: VersionData
    rows: list[ItemRow]
    previous_occasion: str | None
    previous: Assessment | None
    lock_time: datetime | None
    locked: bool
    participants: list[User] = field(default_factory=list)
    team: list[User] = field(default_factory=list)

    @property
    def scores(self) -> dict[int, int | None]:
        return {row.item.number: row.current.score for row in self.rows}

    @property
    def previous_scores(self) -> dict[int, int | None]:
        return {row.item.number: row.previous.score for row in self.rows if row.previous}

    @property
    def total(self) -> int | None:
        return total(self.scores.values())

    @property
    def previous_total(self) -> int | None:
        return total(self.previous_scores.values()) if self.previous else None

    @property
    def total_movement(self) -> int | None:
        return total_movement(self.scores, self.previous_scores) if self.previous else None

    @property
    def readiness(self) -> Readiness:
        return readiness(self.scores, item_numbers=self.data.item_numbers, scale=self.data.scale)

    @property
    def changed_after_submission(self) -> ScoreState | None:
        """The latest item saved after the assessment was submitted (it stays submitted), so
        the page can say that it changed, when and by whom."""
        assessment = self.assessment
        if assessment is None or assessment.status != Assessment.Status.SUBMITTED:
            return None
        if assessment.submitted_at is None:
            return None
        later = [
            row.current
            for row in self.rows
            if row.current.updated_at and row.current.updated_at > assessment.submitted_at
        ]
        return max(later, key=lambda state: state.updated_at, default=None)

    @property
    def missing_roles(self) -> list[str]:
        """The core roles none of the recorded participants holds (the team composition
        check), worked out from the lists the page already has."""
        return missing_core_roles(participant_roles(participants=self.participants, team=self.team))

    @property
    def scored_count(self) -> int:
        return sum(1 for score in self.scores.values() if score is not None)

    @property
    def occasion_label(self) -> str:
        return Occasion(self.occasion).label

    @property
    def previous_label(self) -> str:
        return Occasion(self.previous_occasion).label if self.previous_occasion else ""


def _states(assessment: Assessment | None) -> dict[int, ScoreState]:
    if assessment is None:
        return {}
    return {
        row.item_id: ScoreState(
            score=row.score,
            comment=row.comment,
            revision=row.revision,
            updated_by=row.updated_by,
            updated_at=row.updated_at,
        )
        for row in ItemScore.objects.filter(assessment=assessment).select_related("updated_by")
    }


def find_assessment(*, organisation, cohort, occasion: str) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation=organisation, cohort=cohort, occasion=occasion)
        .select_related("version", "submitted_by", "reopened_by")
        .first()
    )


def assessment_page(enrolment: Enrolment, occasion: str, *, now: datetime | None = None):
    """Everything the assessment page shows, with the previous occasion beside each item."""
    now = now or timezone.now()
    assessment = find_assessment(
        organisation=enrolment.organisation, cohort=enrolment.cohort, occasion=occasion
    )
    version = assessment.version if assessment else default_version()
    if version is None:
        return None
    data = version_data(version)
    before = previous_occasion(occasion)
    previous = (
        find_assessment(
            organisation=enrolment.organisation, cohort=enrolment.cohort, occasion=before
        )
        if before
        else None
    )
    if previous is not None and previous.version_id != version.pk:
        previous = None  # another edition's items cannot be compared item by item
    current_states, previous_states = _states(assessment), _states(previous)
    rows = [
        ItemRow(
            item=item,
            current=current_states.get(item.pk, ScoreState()),
            previous=previous_states.get(item.pk, ScoreState()) if previous else None,
        )
        for item in data.items
    ]
    lock_time = assessment_lock_time(
        organisation=enrolment.organisation, cohort=enrolment.cohort, occasion=occasion
    )
    return AssessmentPage(
        enrolment=enrolment,
        occasion=occasion,
        assessment=assessment,
        data=data,
        rows=rows,
        previous_occasion=before,
        previous=previous,
        lock_time=lock_time,
        locked=is_locked(assessment, lock_time=lock_time, now=now),
        participants=list(assessment.participants.all()) if assessment else [],
        team=composition.organisation_team_users(enrolment.organisation),
    )


@dataclass
class OccasionSummary:
    occasion: str
    sheet_name: str
    assessment: Assessment | None
    scored: int
    total: int | None
    item_count: int

    @property
    def label(self) -> str:
        return Occasion(self.occasion).label


def occasion_summaries(enrolments: list[Enrolment]) -> dict[int, list[OccasionSummary]]:
    """The four occasions of each enrolment with status and total, in four queries however
    many enrolments there are."""
    pairs = {(e.organisation_id, e.cohort_id) for e in enrolments}
    assessments = {
        (a.organisation_id, a.cohort_id, a.occasion): a
        for a in Assessment.objects.filter(
            organisation_id__in={o for o, _c in pairs}, cohort_id__in={c for _o, c in pairs}
        )
        if (a.organisation_id, a.cohort_id) in pairs
    }
    scores: dict[int, list[int | None]] = defaultdict(list)
    for assessment_id, score in ItemScore.objects.filter(
        assessment_id__in=[a.pk for a in assessments.values()]
    ).values_list("assessment_id", "score"):
        scores[assessment_id].append(score)
    version = default_version()
    version_ids = {a.version_id for a in assessments.values()} | (
        {version.pk} if version else set()
    )
    item_counts = dict(
        ChecklistItem.objects.filter(version_id__in=version_ids)
        .values("version_id")
        .annotate(count=Count("pk"))
        .values_list("version_id", "count")
    )
    default_count = item_counts.get(version.pk, 0) if version else 0
    summaries: dict[int, list[OccasionSummary]] = {}
    for enrolment in enrolments:
        rows = []
        for occasion in OCCASION_ORDER:
            assessment = assessments.get((enrolment.organisation_id, enrolment.cohort_id, occasion))
            values = scores.get(assessment.pk, []) if assessment else []
            rows.append(
                OccasionSummary(
                    occasion=occasion,
                    sheet_name=SHEET_NAMES[occasion],
                    assessment=assessment,
                    scored=sum(1 for v in values if v is not None),
                    total=total(values),
                    item_count=item_counts.get(assessment.version_id, 0)
                    if assessment
                    else default_count,
                )
            )
        summaries[enrolment.pk] = rows
    return summaries


# --- Workbook --------------------------------------------------------------------------


def score_states_by_occasion(*, organisation, cohort) -> dict[str, dict[int, ScoreState]]:
    """The stored score of every item per occasion, keyed by item number."""
    states: dict[str, dict[int, ScoreState]] = defaultdict(dict)
    for row in ItemScore.objects.filter(
        assessment__organisation=organisation, assessment__cohort=cohort
    ).select_related("assessment", "item"):
        states[row.assessment.occasion][row.item.number] = ScoreState(
            score=row.score, comment=row.comment, revision=row.revision
        )
    return states


def assessments_by_occasion(*, organisation, cohort) -> dict[str, Assessment]:
    return {
        a.occasion: a for a in Assessment.objects.filter(organisation=organisation, cohort=cohort)
    }


def workbook_version(*, organisation, cohort) -> ChecklistVersion | None:
    """The version of the organisation's workbook: that of its assessments, else the default."""
    assessment = (
        Assessment.objects.filter(organisation=organisation, cohort=cohort)
        .select_related("version")
        .order_by("created_at")
        .first()
    )
    return assessment.version if assessment else default_version()


@dataclass
class WorkbookSheet:
    name: str
    occasion_label: str
    assessed_on: date | None
    scores: dict[int, tuple[int | None, str]] = field(default_factory=dict)


@dataclass
class AssessmentWorkbook:
    organisation_name: str
    organisation_code: str
    cohort_name: str
    version_name: str
    scale: Scale
    # (number, group title, short title, text)
    items: list[tuple[int, str, str, str]]
    sheets: list[WorkbookSheet]
    created_on: date


class OrganisationAssessments(NamedTuple):
    """An organisation's checklist version with its items, and its scores and assessments of
    every occasion: what its workbook and its report both start from."""

    version: ChecklistVersion
    data: VersionData
    states: dict
    assessments: dict


def organisation_assessments(enrolment: Enrolment) -> OrganisationAssessments | None:
    version = workbook_version(organisation=enrolment.organisation, cohort=enrolment.cohort)
    if version is None:
        return None
    return OrganisationAssessments(
        version=version,
        data=version_data(version),
        states=score_states_by_occasion(
            organisation=enrolment.organisation, cohort=enrolment.cohort
        ),
        assessments=assessments_by_occasion(
            organisation=enrolment.organisation, cohort=enrolment.cohort
        ),
    )


def workbook_data(enrolment: Enrolment, *, today: date | None = None) -> AssessmentWorkbook | None:
    """Everything the organisation's workbook shows (build_assessment_workbook_xlsx)."""
    loaded = organisation_assessments(enrolment)
    if loaded is None:
        return None
    version, data, states, assessments = loaded
    sheets = []
    for occasion in OCCASION_ORDER:
        assessment = assessments.get(occasion)
        per_item = states.get(occasion, {})
        sheets.append(
            WorkbookSheet(
                name=SHEET_NAMES[occasion],
                occasion_label=str(Occasion(occasion).label),
                assessed_on=assessment.assessed_on if assessment else None,
                scores={number: (state.score, state.comment) for number, state in per_item.items()},
            )
        )
    return AssessmentWorkbook(
        organisation_name=enrolment.organisation.name,
        organisation_code=enrolment.organisation.code,
        cohort_name=enrolment.cohort.name,
        version_name=version.name,
        scale=data.scale,
        items=[
            (item.number, item.group.title if item.group else "", item.short_title, item.text)
            for item in data.items
        ],
        sheets=sheets,
        created_on=today or timezone.localdate(),
    )
