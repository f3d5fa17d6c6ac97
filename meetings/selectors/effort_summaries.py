"""The state of the improvement work at BM3, told by each effort's own data: its stages and when
they changed, its notes, the checklist items it is linked to and how they moved since BM1, and
the feedback the organisation got at BM1; with the draft summary composed from those facts and
the summary the organisation saved. And whose confirmed summaries a person sees on the meeting
page (the list form of the rules meetings.view_confirmed_effort_summaries)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from checklists.scoring import item_movement, signed
from checklists.selectors import score_states_by_occasion
from portal import selectors as core
from portal.models import Organisation
from portal.occasions import OCCASION_ORDER, Occasion

from ..models import (
    EffortSummary,
    Feedback,
    ImprovementEffort,
    ImprovementEffortStage,
    Meeting,
)
from .meetings import invited_organisations, meetings_of_organisation, meetings_organised_by
from .sharing import shared_with_peers

NOTE_EXCERPT = 300  # characters of a stage's notes or of the feedback in the draft
SUMMARY_MAX_LENGTH = 3000  # what fits one slide


def is_summary_meeting(meeting: Meeting) -> bool:
    """Summaries of the improvement work are written for the BM3 meetings."""
    return meeting.step.occasion == Occasion.BM3


@dataclass(frozen=True)
class StageChange:
    stage: str
    label: str
    at: datetime
    note: str
    went_back: bool

    @property
    def on(self):
        return timezone.localdate(self.at)


@dataclass(frozen=True)
class ItemMovement:
    """A linked checklist item's score at BM1 and at the latest occasion up to the meeting's."""

    number: int
    title: str
    first: int | None
    latest: int | None
    latest_occasion: str  # the occasion of ``latest``, e.g. BM2 before BM3 has been scored

    @property
    def movement(self) -> int | None:
        return item_movement(self.latest, self.first)

    @property
    def movement_text(self) -> str:
        return signed(self.movement)


@dataclass(frozen=True)
class EffortStory:
    effort: ImprovementEffort
    stages: tuple[StageChange, ...]
    notes: tuple[tuple[str, str], ...]  # (stage label, its notes), in the cycle's order
    items: tuple[ItemMovement, ...]
    feedback: str  # what the organisation was told at BM1 about its improvement work
    draft: str
    summary: EffortSummary | None

    @property
    def text(self) -> str:
        """What the form starts from: the saved text, else the draft."""
        return self.summary.text if self.summary is not None and self.summary.text else self.draft

    @property
    def is_confirmed(self) -> bool:
        return self.summary is not None and self.summary.confirmed_at is not None


def _date(value: datetime) -> str:
    return date_format(timezone.localdate(value), "j F Y")


def _stage_label(stage: str) -> str:
    return str(ImprovementEffort.Stage(stage).label)


def _stage_changes(effort: ImprovementEffort) -> tuple[StageChange, ...]:
    order = ImprovementEffort.STAGE_ORDER
    changes, previous = [], None
    for row in effort.stage_changes.all():
        went_back = previous is not None and order.index(row.stage) < order.index(previous)
        changes.append(StageChange(row.stage, _stage_label(row.stage), row.at, row.note, went_back))
        previous = row.stage
    return tuple(changes)


def _notes(effort: ImprovementEffort) -> tuple[tuple[str, str], ...]:
    return tuple(
        (_stage_label(stage), getattr(effort, f"{stage}_notes"))
        for stage in ImprovementEffort.STAGE_ORDER
        if getattr(effort, f"{stage}_notes").strip()
    )


def _later_occasions(occasion: str) -> list[str]:
    """The occasions after BM1 up to the meeting's, the latest first."""
    if occasion not in OCCASION_ORDER:
        return []
    return [o for o in reversed(OCCASION_ORDER[: OCCASION_ORDER.index(occasion) + 1])][:-1]


def _item_movements(effort, scores: dict, occasion: str) -> tuple[ItemMovement, ...]:
    later = _later_occasions(occasion)
    movements = []
    for item in sorted(effort.checklist_items.all(), key=lambda item: item.number):
        first = scores.get(Occasion.BM1, {}).get(item.number)
        latest, latest_occasion = None, occasion
        for candidate in later:
            state = scores.get(candidate, {}).get(item.number)
            if state is not None and state.score is not None:
                latest, latest_occasion = state.score, candidate
                break
        movements.append(
            ItemMovement(
                number=item.number,
                title=item.short_title,
                first=first.score if first is not None else None,
                latest=latest,
                latest_occasion=str(Occasion(latest_occasion).label),
            )
        )
    return tuple(movements)


def _item_sentence(item: ItemMovement) -> str:
    if item.movement is None:
        return _("%(number)s %(title)s (no score to compare with yet)") % {
            "number": item.number,
            "title": item.title,
        }
    return _(
        "%(number)s %(title)s from %(first)s at BM1 to %(latest)s at %(occasion)s (%(movement)s)"
    ) % {
        "number": item.number,
        "title": item.title,
        "first": item.first,
        "latest": item.latest,
        "occasion": item.latest_occasion,
        "movement": item.movement_text,
    }


def compose_draft(
    *,
    stages: tuple[StageChange, ...],
    notes: tuple[tuple[str, str], ...],
    items: tuple[ItemMovement, ...],
    feedback: str,
) -> str:
    """The portal's draft of the summary, in the reader's language, from the facts alone."""
    sentences = []
    if stages:
        first, *later = stages
        sentences.append(
            _("The work started in the %(stage)s stage on %(date)s.")
            % {"stage": first.label.lower(), "date": _date(first.at)}
        )
        for change in later:
            if change.went_back:
                text = _("On %(date)s it went back to the %(stage)s stage.") % {
                    "date": _date(change.at),
                    "stage": change.label.lower(),
                }
                if change.note:
                    text = f"{text[:-1]}: {change.note.rstrip('.')}."
            else:
                text = _("On %(date)s it moved on to the %(stage)s stage.") % {
                    "date": _date(change.at),
                    "stage": change.label.lower(),
                }
            sentences.append(text)
        if later:
            sentences.append(
                _("It is now in the %(stage)s stage.") % {"stage": stages[-1].label.lower()}
            )
        else:
            sentences.append(_("It is still in that stage."))
    if notes:
        label, text = notes[-1]
        sentences.append(
            _("Notes from the %(stage)s stage: %(notes)s")
            % {
                "stage": label.lower(),
                "notes": Truncator(" ".join(text.split())).chars(NOTE_EXCERPT),
            }
        )
    if items:
        sentences.append(
            _("Linked checklist items: %(items)s.")
            % {"items": "; ".join(_item_sentence(item) for item in items)}
        )
    else:
        sentences.append(_("The effort is not linked to any checklist item yet."))
    if feedback:
        sentences.append(
            _("The feedback at BM1: %(feedback)s")
            % {"feedback": Truncator(" ".join(feedback.split())).chars(NOTE_EXCERPT)}
        )
    return " ".join(sentences)


def bm1_feedback_on_improvement(meeting: Meeting, organisation: Organisation) -> str:
    """What the organisation was told about its improvement work at the BM1 meeting of the
    meeting's cohort it took part in: the newest released version (one query)."""
    bm1_meetings = meetings_of_organisation(organisation).filter(
        cohort_id=meeting.cohort_id, step__occasion=Occasion.BM1
    )
    feedback = (
        Feedback.objects.filter(
            meeting__in=bm1_meetings, organisation=organisation, released_at__isnull=False
        )
        .order_by("-meeting__starts_at", "-version")
        .only("on_improvement_work")
        .first()
    )
    return feedback.on_improvement_work if feedback is not None else ""


def effort_stories(meeting: Meeting, organisation: Organisation) -> list[EffortStory]:
    """Every improvement effort of the organisation with its story for the meeting, in a fixed
    number of queries however many efforts, stages and items there are."""
    efforts = list(
        ImprovementEffort.objects.filter(organisation=organisation)
        .order_by("title", "pk")
        .prefetch_related(
            "checklist_items",
            Prefetch("stage_changes", queryset=ImprovementEffortStage.objects.order_by("at", "pk")),
            Prefetch(
                "summaries",
                queryset=EffortSummary.objects.filter(meeting=meeting),
                to_attr="meeting_summaries",
            ),
        )
    )
    if not efforts:
        return []
    scores = score_states_by_occasion(organisation=organisation, cohort=meeting.cohort_id)
    feedback = bm1_feedback_on_improvement(meeting, organisation)
    stories = []
    for effort in efforts:
        stages = _stage_changes(effort)
        notes = _notes(effort)
        items = _item_movements(effort, scores, meeting.step.occasion)
        stories.append(
            EffortStory(
                effort=effort,
                stages=stages,
                notes=notes,
                items=items,
                feedback=feedback,
                draft=compose_draft(stages=stages, notes=notes, items=items, feedback=feedback),
                summary=effort.meeting_summaries[0] if effort.meeting_summaries else None,
            )
        )
    return stories


# --- Whose confirmed summaries a person sees on the meeting page --------------------------------


@dataclass(frozen=True)
class OrganisationSummaries:
    organisation: Organisation
    summaries: tuple[EffortSummary, ...]


def _visible_summary_organisations(user, meeting: Meeting, *, organising: bool | None) -> Q | None:
    """A filter on organisation ids (as subqueries, so no query of its own) for the invited
    organisations whose confirmed summaries the person reads, or None for none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not is_summary_meeting(meeting):
        return None
    invited = invited_organisations(meeting).order_by().values("pk")
    if organising is None:
        organising = meetings_organised_by(user).filter(pk=meeting.pk).exists()
    if organising:
        return Q(pk__in=invited)
    own, mentored = core.own_organisation_ids(user), core.mentored_organisation_ids(user)
    visible = Q(pk__in=own) | Q(pk__in=mentored)
    if shared_with_peers(meeting):
        visible |= Exists(invited.filter(pk__in=own))
    return Q(pk__in=invited) & visible


def summary_organisation_ids_visible_to(
    user, meeting: Meeting, *, organising: bool | None = None
) -> set[int]:
    """The invited organisations whose confirmed summaries the person reads: the meeting's
    organisers all of them; a team its own and, once the meeting's work is shared with peers,
    those of every organisation of the meeting; a mentor those of its cluster. The list form
    of meetings.view_confirmed_effort_summaries. ``organising`` spares the query when the
    caller knows it."""
    visible = _visible_summary_organisations(user, meeting, organising=organising)
    if visible is None:
        return set()
    return set(Organisation.objects.filter(visible).values_list("pk", flat=True))


def confirmed_summaries_visible_to(
    user, meeting: Meeting, *, organising: bool | None = None
) -> list[OrganisationSummaries]:
    """The confirmed summaries of the meeting the person may read, by organisation in the
    organisations' order: one query however many organisations take part (none when the
    caller says whether the person organises the meeting)."""
    visible = _visible_summary_organisations(user, meeting, organising=organising)
    if visible is None:
        return []
    by_organisation: dict[int, list[EffortSummary]] = defaultdict(list)
    organisations = {}
    for summary in (
        EffortSummary.objects.filter(
            meeting=meeting,
            confirmed_at__isnull=False,
            effort__organisation__in=Organisation.objects.filter(visible).values("pk"),
        )
        .select_related("effort__organisation")
        .order_by("effort__organisation__name", "effort__title", "pk")
    ):
        organisation = summary.effort.organisation
        organisations[organisation.pk] = organisation
        by_organisation[organisation.pk].append(summary)
    return [
        OrganisationSummaries(organisations[pk], tuple(summaries))
        for pk, summaries in by_organisation.items()
    ]
