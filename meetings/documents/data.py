"""The document builders' data: each loader reads everything a document shows, up front, into
the builder's dataclass, so the builders stay pure."""

from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.selectors import assessment_page
from portal import selectors as core
from portal.keyfigures.rows import measure_decimals
from portal.keyfigures.selectors import organisation_latest_key_figures
from portal.models import Enrolment, Organisation
from portal.occasions import OCCASION_ORDER as ANALYSIS_ORDER
from stakeholders.selectors import version_rows, versions_of

from ..models import Meeting, Presentation, StepTask
from ..selectors import agenda_items
from .agenda import AgendaDocument, AgendaLine
from .organisation_facts import KeyFigureRow, OrganisationFacts
from .presentation import ChartItem, ChecklistResult, GridStakeholder, MeetingTemplate
from .slides import TeamMember


def final_presentations_for_zip(meeting_id: int) -> list[Presentation]:
    return list(
        Presentation.objects.filter(meeting_id=meeting_id, is_final=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _team(organisation: Organisation) -> tuple[TeamMember, ...]:
    return tuple(
        TeamMember(name=str(membership.user), role=str(membership.get_team_role_display()))
        for membership in core.organisation_team(organisation).filter(user__is_active=True)
    )


def _checklist_result(meeting: Meeting, organisation: Organisation) -> ChecklistResult | None:
    """The organisation's scores for the meeting's occasion, with the previous occasion's
    beside them (from BM2 on, when there is one in the same checklist version)."""
    enrolment = (
        Enrolment.objects.filter(organisation=organisation, cohort_id=meeting.cohort_id)
        .select_related("organisation", "cohort")
        .first()
    )
    if enrolment is None or not meeting.step.occasion:
        return None
    page = assessment_page(enrolment, meeting.step.occasion)
    if page is None or page.assessment is None or page.scored_count == 0:
        return None
    has_previous = page.previous is not None and bool(page.previous_scores)
    return ChecklistResult(
        occasion_label=str(page.occasion_label),
        previous_label=str(page.previous_label) if has_previous else "",
        status_label=str(page.assessment.get_status_display()),
        scale_max=page.data.scale.highest,
        scale_legend=", ".join(f"{value} = {label}" for value, label in page.data.scale.levels),
        items=tuple(
            ChartItem(
                number=row.item.number,
                title=row.item.short_title,
                score=row.current.score,
                previous=row.previous.score if has_previous and row.previous else None,
            )
            for row in page.rows
        ),
        total=page.total,
        previous_total=page.previous_total if has_previous else None,
        movement=page.total_movement if has_previous else None,
    )


def _stakeholder_points(
    meeting: Meeting, organisation: Organisation
) -> tuple[str, tuple[GridStakeholder, ...]]:
    """The analysis version of the meeting's occasion, else the latest one before it, else the
    latest there is."""
    versions = versions_of(organisation_id=organisation.pk, cohort_id=meeting.cohort_id)
    if not versions:
        return "", ()
    chosen = versions[-1]
    occasion = meeting.step.occasion
    if occasion in ANALYSIS_ORDER:
        earlier = [
            v
            for v in versions
            if ANALYSIS_ORDER.index(v.occasion) <= ANALYSIS_ORDER.index(occasion)
        ]
        chosen = earlier[-1] if earlier else chosen
    points = tuple(
        GridStakeholder(
            number=number, name=row.name, influence=row.influence, interest=row.interest
        )
        for number, row in enumerate(version_rows(chosen), start=1)
    )
    return str(chosen.get_occasion_display()), points


def meeting_template_data(meeting: Meeting, organisation: Organisation) -> MeetingTemplate:
    """Everything the prefilled presentation shows, for one organisation only."""
    meeting = Meeting.objects.select_related("step", "host", "cohort").get(pk=meeting.pk)
    stakeholders_label, stakeholders = _stakeholder_points(meeting, organisation)
    return MeetingTemplate(
        organisation_name=organisation.name,
        organisation_code=organisation.code,
        meeting_title=meeting.title,
        meeting_date=timezone.localtime(meeting.starts_at).date(),
        host_name=meeting.host.name if meeting.host else "",
        cohort_name=meeting.cohort.name,
        team=_team(organisation),
        occasion_label=str(meeting.step.get_occasion_display()) if meeting.step.occasion else "",
        checklist=_checklist_result(meeting, organisation),
        stakeholders_label=stakeholders_label,
        stakeholders=stakeholders,
        reflection_questions=tuple(
            task.title
            for task in meeting.tasks.filter(kind=StepTask.Kind.REFLECTION).order_by("position")
        ),
    )


def _key_figure_rows(organisation: Organisation) -> tuple[KeyFigureRow, ...]:
    """Each key figure's latest values as the page writes them: grouped thousands, a true
    minus, a fixed number of decimals per measure, Kolada's markers as words."""
    rows = []
    for figure in organisation_latest_key_figures(organisation):
        decimals = measure_decimals([figure])
        rows.append(
            KeyFigureRow(
                title=figure.title,
                women=figure.women.text(decimals),
                men=figure.men.text(decimals),
                total=figure.total.text(decimals),
                year=figure.year,
            )
        )
    return tuple(rows)


def organisation_facts_data(meeting: Meeting, organisation: Organisation) -> OrganisationFacts:
    meeting = Meeting.objects.select_related("cohort").get(pk=meeting.pk)
    enrolment = (
        Enrolment.objects.filter(organisation=organisation, cohort_id=meeting.cohort_id)
        .select_related("cluster")
        .first()
    )
    return OrganisationFacts(
        organisation_name=organisation.name,
        organisation_code=organisation.code,
        organisation_kind=str(organisation.get_kind_display()),
        cohort_name=meeting.cohort.name,
        cluster_name=enrolment.cluster.name if enrolment and enrolment.cluster else "",
        meeting_title=meeting.title,
        meeting_date=timezone.localtime(meeting.starts_at).date(),
        team=_team(organisation),
        key_figures=(
            _("Inhabitants"),
            _("Employees"),
            _("Managers"),
            _("Elected representatives"),
            _("Sick leave (%)"),
        ),
        key_figure_rows=_key_figure_rows(organisation),
    )


def agenda_data(meeting: Meeting) -> AgendaDocument:
    meeting = Meeting.objects.select_related("step", "host", "cohort", "cluster").get(pk=meeting.pk)
    return AgendaDocument(
        meeting_title=meeting.title,
        step_title=meeting.step.title,
        cohort_name=meeting.cohort.name,
        audience=meeting.cluster.name if meeting.cluster else _("the whole cohort"),
        starts_at=timezone.localtime(meeting.starts_at),
        ends_at=timezone.localtime(meeting.ends_at),
        host_name=meeting.host.name if meeting.host else "",
        venue=meeting.venue,
        accessibility=meeting.accessibility,
        remote_link=meeting.remote_link,
        introduction=meeting.agenda,
        items=tuple(
            AgendaLine(
                time=item.starts_at.strftime("%H:%M"),
                title=item.title,
                owner=item.owner,
                notes=item.notes,
            )
            for item in agenda_items(meeting)
        ),
    )
