"""The document builders' data: each loader reads everything a document shows, up front, into
the builder's dataclass, so the builders stay pure."""

from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.scoring import total, total_movement
from checklists.selectors import ScoreState, organisation_assessments, version_data
from portal import selectors as core
from portal.keyfigures.selectors import organisation_key_figures
from portal.models import Enrolment, Organisation
from portal.numbers import format_percent
from portal.occasions import OCCASION_ORDER as ANALYSIS_ORDER
from portal.occasions import Occasion
from stakeholders.selectors import version_rows, versions_of

from ..models import CompetenceRating, Meeting, Presentation, StepTask
from ..questions import COMPETENCE_AREAS, COMPETENCE_ROLES, STEP_QUESTION_SETS, area_label
from ..selectors import agenda_items, answer_sheets, competence_inventory
from .agenda import AgendaDocument, AgendaLine
from .analysis import analysis_sections
from .answer_slides import AnswerItem, AnswerSection
from .organisation_facts import CompetenceLine, KeyFigureRow, OrganisationFacts
from .presentation import (
    ChartItem,
    ChecklistResult,
    GridStakeholder,
    MeetingTemplate,
    OccasionScores,
)
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
    """The organisation's scores for the meeting's occasion and every occasion before it in
    the same checklist version (BM1 → BM2 → BM3), read in the same few queries whatever the
    occasion. When the meeting's occasion has no scores yet the earlier ones still show; None
    when no occasion so far has any."""
    occasion = meeting.step.occasion
    enrolment = (
        Enrolment.objects.filter(organisation=organisation, cohort_id=meeting.cohort_id)
        .select_related("organisation", "cohort")
        .first()
    )
    if enrolment is None or occasion not in ANALYSIS_ORDER:
        return None
    loaded = organisation_assessments(enrolment)
    if loaded is None:  # no checklist version at all
        return None
    so_far = ANALYSIS_ORDER[: ANALYSIS_ORDER.index(occasion) + 1]
    started = [loaded.assessments[each] for each in so_far if each in loaded.assessments]
    if not started:
        return None
    reference = loaded.assessments.get(occasion) or started[-1]
    data = (
        loaded.data
        if reference.version_id == loaded.version.pk
        else version_data(reference.version)
    )
    numbers = data.item_numbers
    scores: dict[str, dict[int, int | None]] = {}
    for each in so_far:
        assessment = loaded.assessments.get(each)
        states = loaded.states.get(each, {})
        values = {number: states.get(number, ScoreState()).score for number in numbers}
        same_version = assessment and assessment.version_id == reference.version_id
        if same_version and total(values.values()) is not None:
            scores[each] = values
    if not scores:
        return None
    done = [each for each in so_far if each in scores]
    current = loaded.assessments.get(occasion) if occasion in scores else None
    return ChecklistResult(
        occasion_label=str(Occasion(occasion).label),
        status_label=str(current.get_status_display()) if current else "",
        scale_max=data.scale.highest,
        scale_legend=", ".join(f"{value} = {label}" for value, label in data.scale.levels),
        items=tuple(ChartItem(number=item.number, title=item.short_title) for item in data.items),
        occasions=tuple(
            OccasionScores(
                label=str(Occasion(each).label),
                scores=tuple(scores[each][number] for number in numbers),
                total=total(scores[each].values()),
            )
            if each in scores
            else OccasionScores(
                label=str(Occasion(each).label),
                scores=(None,) * len(numbers),
                total=None,
                done=False,
            )
            for each in so_far
            if each in scores or each == occasion
        ),
        movement=(total_movement(scores[done[-1]], scores[done[-2]]) if len(done) > 1 else None),
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


def _answer_sections(
    meeting: Meeting, organisation: Organisation, *, drawn_elsewhere: set[str]
) -> tuple[AnswerSection, ...]:
    """The organisation's answers to the question sets of the meeting's tasks of structured
    answers (or, for a meeting without such tasks, its step's usual sets), in task order; not
    the sets an analysis section already shows."""
    codes = [
        task.question_set
        for task in meeting.tasks.filter(kind=StepTask.Kind.ANSWERS).order_by("position")
        if task.question_set
    ] or list(STEP_QUESTION_SETS.get(meeting.step.code, ()))
    codes = [code for code in codes if code not in drawn_elsewhere]
    sheets = answer_sheets(
        organisation_id=organisation.pk, cohort_id=meeting.cohort_id, codes=dict.fromkeys(codes)
    )
    return tuple(
        AnswerSection(
            code=code,
            title=sheet.question_set.title,
            items=tuple(
                AnswerItem(
                    question=question.text, answer=question.answer, required=question.required
                )
                for question in sheet.questions
            ),
        )
        for code, sheet in sheets.items()
    )


def meeting_template_data(meeting: Meeting, organisation: Organisation) -> MeetingTemplate:
    """Everything the prefilled presentation shows, for one organisation only."""
    meeting = Meeting.objects.select_related("step", "host", "cohort").get(pk=meeting.pk)
    stakeholders_label, stakeholders = _stakeholder_points(meeting, organisation)
    analysis = analysis_sections(meeting, organisation)
    drawn_elsewhere = {
        code for section in analysis for code in getattr(section, "question_sets", ())
    }
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
        answer_sections=_answer_sections(meeting, organisation, drawn_elsewhere=drawn_elsewhere),
        analysis_sections=analysis,
    )


def _key_figure_rows(organisation: Organisation) -> tuple[KeyFigureRow, ...]:
    """Each key figure's latest values as the page writes them: grouped thousands, a true
    minus, a fixed number of decimals per measure, a percent sign on shares, Kolada's markers
    as words."""
    rows = []
    for figure in organisation_key_figures(organisation):
        latest, decimals = figure.rows[-1], figure.decimals
        percent = "%" in figure.key_figure.title

        def text(cell, decimals=decimals, percent=percent) -> str:
            if percent and not cell.missing:
                return format_percent(cell.value, decimals)
            return cell.text(decimals)

        rows.append(
            KeyFigureRow(
                title=figure.key_figure.title,
                women=text(latest.women),
                men=text(latest.men),
                total=text(latest.total),
                year=int(latest.label),
                kpi_id=figure.key_figure.kpi_id,
                women_missing=latest.women.missing,
                men_missing=latest.men.missing,
            )
        )
    return tuple(rows)


def _competence_lines(meeting: Meeting, organisation: Organisation) -> tuple[CompetenceLine, ...]:
    """The competence inventory of the start-up, one line per team role, a level per area
    (empty where not assessed, so the deck leaves a place to write)."""
    inventory = competence_inventory(organisation_id=organisation.pk, cohort_id=meeting.cohort_id)
    startup = CompetenceRating.Occasion.STARTUP
    lines = []
    for role in COMPETENCE_ROLES:
        cells = [inventory.cell(startup, role.value, area) for area, _sv, _en in COMPETENCE_AREAS]
        lines.append(
            CompetenceLine(
                role=str(role.label),
                levels=tuple(str(cell.level) if cell and cell.level else "" for cell in cells),
            )
        )
    return tuple(lines)


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
        competence_areas=tuple(area_label(area) for area, _sv, _en in COMPETENCE_AREAS),
        competence=_competence_lines(meeting, organisation),
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
