"""Reads of stakeholder analyses. Visibility lives here so lists and rules agree.

An analysis belongs to an organisation's enrolment in a cohort: its members read and write it;
mentors of its cluster, organisers of the cohort and programme admins read it; nobody else
learns that it exists.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from portal.models import User
from portal.occasions import OCCASION_ORDER
from portal.selectors import enrolments_visible_to

from .grid import Quadrant, quadrant_for
from .models import AnalysisVersion, Stakeholder, StakeholderAnalysis

# The fields of a row, in the order of the form, the workbook and the comparison.
ROW_FIELDS = (
    "name",
    "category",
    "placement",
    "interest_in_work",
    "influence",
    "interest",
    "attitude",
    "role",
    "benefit",
    "conflicts",
    "key_message",
    "channel",
    "owner",
    "next_action",
    "next_action_on",
)


def analyses_visible_to(user) -> QuerySet[StakeholderAnalysis]:
    visible = enrolments_visible_to(user).filter(
        organisation_id=OuterRef("organisation_id"), cohort_id=OuterRef("cohort_id")
    )
    return StakeholderAnalysis.objects.filter(Exists(visible))


def versions_visible_to(user) -> QuerySet[AnalysisVersion]:
    return AnalysisVersion.objects.filter(analysis__in=analyses_visible_to(user))


def occasion_index(occasion: str) -> int:
    return OCCASION_ORDER.index(occasion)


def versions_of(*, organisation_id: int, cohort_id: int) -> list[AnalysisVersion]:
    """The versions in occasion order."""
    versions = AnalysisVersion.objects.filter(
        analysis__organisation_id=organisation_id, analysis__cohort_id=cohort_id
    ).select_related("analysis")
    return sorted(versions, key=lambda version: occasion_index(version.occasion))


def previous_version(version: AnalysisVersion) -> AnalysisVersion | None:
    earlier = [
        other
        for other in AnalysisVersion.objects.filter(analysis_id=version.analysis_id)
        if occasion_index(other.occasion) < occasion_index(version.occasion)
    ]
    return max(earlier, key=lambda other: occasion_index(other.occasion), default=None)


def is_latest_version(version: AnalysisVersion) -> bool:
    return not any(
        occasion_index(other.occasion) > occasion_index(version.occasion)
        for other in AnalysisVersion.objects.filter(analysis_id=version.analysis_id)
    )


def version_rows(version: AnalysisVersion) -> list[Stakeholder]:
    return list(version.stakeholders.select_related("owner").order_by("position", "pk"))


def team_members(organisation_id: int) -> list[User]:
    """The people who may own a stakeholder: active members of the organisation."""
    return list(
        User.objects.filter(memberships__organisation_id=organisation_id, is_active=True).order_by(
            "full_name", "email"
        )
    )


def updated_versions(*, cohort_id: int, occasion: str, organisation_ids):
    """The analysis versions for the occasion in the cohort that are up to date: edited since
    they were started, or marked ready by the team; a query not yet run."""
    return (
        AnalysisVersion.objects.filter(
            analysis__cohort_id=cohort_id,
            analysis__organisation_id__in=(
                organisation_ids
                if isinstance(organisation_ids, QuerySet)
                else list(organisation_ids)
            ),
            occasion=occasion,
        )
        .filter(Q(revision__gt=0) | Q(ready_at__isnull=False))
        .order_by()
    )


def updated_organisation_ids(*, cohort_id: int, occasion: str, organisation_ids) -> set[int]:
    """The organisations whose analysis version for the occasion in the cohort is up to date."""
    return set(
        updated_versions(
            cohort_id=cohort_id, occasion=occasion, organisation_ids=organisation_ids
        ).values_list("analysis__organisation_id", flat=True)
    )


# --- Values of a row --------------------------------------------------------------------------


def row_values(stakeholder: Stakeholder) -> dict:
    """A row as plain values (owner by id, date as ISO text): what is compared and stored."""
    values = {name: getattr(stakeholder, name) for name in ROW_FIELDS if name != "owner"}
    values["owner"] = stakeholder.owner_id
    values["next_action_on"] = (
        stakeholder.next_action_on.isoformat() if stakeholder.next_action_on else None
    )
    return values


# --- The grid -----------------------------------------------------------------------------------


@dataclass
class GridPoint:
    number: int
    name: str
    influence: int
    interest: int
    quadrant: str
    quadrant_label: str


@dataclass
class GridData:
    title: str
    description: str
    points: list[GridPoint]
    quadrant_labels: dict[str, str]
    axis_influence: str
    axis_interest: str
    level_labels: dict[int, str]


def grid_data(stakeholders: list[Stakeholder], *, title: str) -> GridData:
    points = []
    for number, stakeholder in enumerate(stakeholders, start=1):
        quadrant = quadrant_for(stakeholder.influence, stakeholder.interest)
        points.append(
            GridPoint(
                number=number,
                name=stakeholder.name,
                influence=stakeholder.influence,
                interest=stakeholder.interest,
                quadrant=quadrant.value,
                quadrant_label=str(quadrant.label),
            )
        )
    counts = {
        str(quadrant.label): sum(1 for point in points if point.quadrant == quadrant.value)
        for quadrant in Quadrant
    }
    description = _(
        "%(count)s stakeholders placed by influence (vertical, 1–3) and interest "
        "(horizontal, 1–3). %(quadrants)s."
    ) % {
        "count": len(points),
        "quadrants": "; ".join(f"{label}: {count}" for label, count in counts.items()),
    }
    return GridData(
        title=title,
        description=description,
        points=points,
        quadrant_labels={quadrant.value: str(quadrant.label) for quadrant in Quadrant},
        axis_influence=_("Influence"),
        axis_interest=_("Interest"),
        level_labels={1: _("low"), 2: _("medium"), 3: _("high")},
    )


# --- Changes between versions -------------------------------------------------------------------


@dataclass
class Move:
    name: str
    before: str
    after: str


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.moved) + len(self.edited)


def changes_between(before: list[Stakeholder], after: list[Stakeholder]) -> Changes:
    """Added, removed, moved to another quadrant, and otherwise edited, matched by key."""
    old = {row.key: row for row in before}
    new = {row.key: row for row in after}
    changes = Changes()
    for key, row in new.items():
        if key not in old:
            changes.added.append(row.name)
            continue
        was = old[key]
        before_quadrant = quadrant_for(was.influence, was.interest)
        after_quadrant = quadrant_for(row.influence, row.interest)
        if before_quadrant != after_quadrant:
            changes.moved.append(
                Move(row.name, str(before_quadrant.label), str(after_quadrant.label))
            )
        elif row_values(was) != row_values(row):
            changes.edited.append(row.name)
    changes.removed = [row.name for key, row in old.items() if key not in new]
    return changes


# --- Documents -----------------------------------------------------------------------------------


@dataclass
class DocumentRow:
    key: str
    name: str
    category: str
    placement: str
    interest_in_work: str
    influence: int
    interest: int
    quadrant: str
    attitude: str
    role: str
    benefit: str
    conflicts: str
    key_message: str
    channel: str
    owner_email: str
    owner_name: str
    next_action: str
    next_action_on: date | None


@dataclass
class AnalysisDocument:
    organisation_name: str
    organisation_code: str
    cohort_name: str
    occasion: str
    occasion_label: str
    updated_at: datetime | None
    rows: list[DocumentRow]
    grid: GridData
    member_emails: list[str]


def analysis_document(version: AnalysisVersion) -> AnalysisDocument:
    """Everything the workbook and the PDF show, read up front."""
    analysis = StakeholderAnalysis.objects.select_related("organisation", "cohort").get(
        pk=version.analysis_id
    )
    stakeholders = version_rows(version)
    rows = [
        DocumentRow(
            key=str(row.key),
            name=row.name,
            category=str(row.get_category_display()),
            placement=str(row.get_placement_display()),
            interest_in_work=row.interest_in_work,
            influence=row.influence,
            interest=row.interest,
            quadrant=str(quadrant_for(row.influence, row.interest).label),
            attitude=str(row.get_attitude_display()),
            role=str(row.get_role_display()),
            benefit=row.benefit,
            conflicts=row.conflicts,
            key_message=row.key_message,
            channel=row.channel,
            owner_email=row.owner.email if row.owner else "",
            owner_name=str(row.owner) if row.owner else "",
            next_action=row.next_action,
            next_action_on=row.next_action_on,
        )
        for row in stakeholders
    ]
    return AnalysisDocument(
        organisation_name=analysis.organisation.name,
        organisation_code=analysis.organisation.code,
        cohort_name=analysis.cohort.name,
        occasion=version.occasion,
        occasion_label=str(version.get_occasion_display()),
        updated_at=version.updated_at or version.created_at,
        rows=rows,
        grid=grid_data(
            stakeholders,
            title=_("Stakeholder grid: %(name)s, %(occasion)s")
            % {"name": analysis.organisation.name, "occasion": version.get_occasion_display()},
        ),
        member_emails=[member.email for member in team_members(analysis.organisation_id)],
    )
