"""Demo data of the improvement efforts' summaries: the efforts of cluster Norr get a stage
history (started in Plan before BM1, in Do since just after it) and checklist items to follow;
at the coming BM3 of Norr, Boden has confirmed its summary and Piteå has saved a draft. Safe to
run again: what is there is left as it is."""

from datetime import timedelta

from django.db import transaction
from django.utils import translation

from checklists.selectors import default_version
from portal.demo import CURRENT_COHORT
from portal.models import User

from . import selectors
from .models import EffortSummary, ImprovementEffort, ImprovementEffortStage, Meeting
from .selectors.effort_summaries import effort_stories
from .services.effort_summaries import effort_summary_confirm, effort_summary_save

# organisation code: the checklist items its effort follows
DEMO_ITEMS = {"2582": (2, 6), "2581": (3, 5), "2580": (4, 6)}
BODEN_SUMMARY = (
    "Arbetet med jämställd biståndshandläggning startade med en kartläggning av beviljade "
    "insatser per kön. Sedan BM1 har vi granskat 100 beslut i stickprov; de visar att män "
    "oftare beviljas serviceinsatser och kvinnor oftare omvårdnad. Kommunstyrelsens "
    "uppföljning har förflyttats från 1 till 2 i självskattningen. Nästa steg är att studera "
    "resultaten med enhetscheferna och föra in analysen i verksamhetsplanen."
)


def _meeting(step_code: str) -> Meeting | None:
    return (
        Meeting.objects.filter(
            cohort__name=CURRENT_COHORT, step__code=step_code, cluster__name="Norr"
        )
        .select_related("step", "cohort")
        .first()
    )


@transaction.atomic
def _stage_history(effort: ImprovementEffort, bm1: Meeting) -> None:
    """Plan from six weeks before BM1, the effort's own stage (Do) from five days after it."""
    if effort.stage_changes.count() > 1:
        return
    effort.stage_changes.all().delete()
    member = effort.organisation.memberships.select_related("user").first()
    by = member.user if member else None
    ImprovementEffortStage.objects.bulk_create(
        [
            ImprovementEffortStage(
                effort=effort,
                stage=ImprovementEffort.Stage.PLAN,
                at=bm1.starts_at - timedelta(days=42),
                by=by,
            ),
            ImprovementEffortStage(
                effort=effort, stage=effort.stage, at=bm1.starts_at + timedelta(days=5), by=by
            ),
        ]
    )


def seed_effort_summaries() -> None:
    bm1, bm3 = _meeting("bm1"), _meeting("bm3")
    if bm1 is None or bm3 is None:
        return
    version = default_version()
    organisations = {o.code: o for o in selectors.invited_organisations(bm3)}
    for code, numbers in DEMO_ITEMS.items():
        organisation = organisations.get(code)
        if organisation is None:
            continue
        for effort in ImprovementEffort.objects.filter(organisation=organisation):
            _stage_history(effort, bm1)
            if version is not None and not effort.checklist_items.exists():
                effort.checklist_items.set(version.items.filter(number__in=numbers))
    _summary(bm3, organisations.get("2582"), "strateg.boden@example.org", BODEN_SUMMARY)
    _summary(bm3, organisations.get("2581"), "chef.pitea@example.org", None)


def _summary(meeting: Meeting, organisation, email: str, text: str | None) -> None:
    """A confirmed summary with ``text``; without it, the portal's draft saved unconfirmed."""
    by = User.objects.filter(email=email).first()
    effort = ImprovementEffort.objects.filter(organisation=organisation).first()
    if organisation is None or by is None or effort is None:
        return
    if EffortSummary.objects.filter(effort=effort, meeting=meeting).exists():
        return
    if text is not None:
        effort_summary_confirm(effort=effort, meeting=meeting, by=by, text=text)
        return
    with translation.override("sv"):
        story = next(s for s in effort_stories(meeting, organisation) if s.effort == effort)
    effort_summary_save(
        effort=effort,
        meeting=meeting,
        text=f"{story.draft}\n\nVi behöver komplettera med vad stickproven visade.",
        by=by,
    )
