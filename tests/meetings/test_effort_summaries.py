"""The state of the improvement work at BM3 (issue 21, feature 2): each effort's stage history,
the draft told from its facts, the summary the team saves and confirms, and who reads it."""

import importlib

import pytest
import rules
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from checklists.demo import seed_checklist
from checklists.models import ChecklistItem, Occasion
from meetings import services
from meetings.models import (
    EffortSummary,
    ImprovementEffort,
    ImprovementEffortStage,
    Meeting,
    Step,
)
from meetings.rules import ActingFor
from meetings.selectors.effort_summaries import (
    confirmed_summaries_visible_to,
    effort_stories,
    summary_organisation_ids_visible_to,
)
from meetings.services.effort_summaries import effort_summary_confirm, effort_summary_save
from portal.models import AuditEntry, Enrolment, Organisation
from tests.conftest import MAX_PAGE_QUERIES
from tests.documents.conftest import assess
from tests.factories import log_in

from .conftest import stockholm

pytestmark = pytest.mark.django_db

CONFIRMED_A = "Boden har granskat 100 biståndsbeslut och ser skillnader mellan kvinnor och män."
DRAFT_B = "Piteås utkast som ingen annan får läsa."


@pytest.fixture
def bm3(meeting_world, mail_on_commit):
    """The BM3 of cluster Norr (A, B and the mentor organisation), published."""
    world = meeting_world.world
    with mail_on_commit():
        meeting = services.meeting_create(
            cohort=world.cohort,
            cluster=world.cluster,
            step=Step.objects.get(code="bm3"),
            title="BM3 Norr",
            starts_at=stockholm(2027, 10, 5, 9, 30),
            ends_at=stockholm(2027, 10, 5, 16, 0),
            by=world.organiser,
        )
        services.meeting_publish(meeting=meeting, by=world.organiser)
    meeting.refresh_from_db()
    return meeting


def effort_of(
    organisation, by, *, title="Jämställd biståndshandläggning", stage="plan", items=(), **extra
):
    return services.improvement_effort_save(
        organisation=organisation,
        by=by,
        title=title,
        area=ImprovementEffort.Area.GOVERNANCE,
        stage=stage,
        notes={"plan_notes": "Kartlägga beviljade insatser per kön."},
        checklist_items=items,
        **extra,
    )


def share(meeting: Meeting) -> None:
    """What the deadline job does at the deadline: the meeting's work is shared."""
    Meeting.objects.filter(pk=meeting.pk).update(deadline_processed_at=timezone.now())
    meeting.refresh_from_db()


# --- The stage history ---------------------------------------------------------------------------


def test_an_effort_gets_its_first_stage_and_every_change_with_who_and_the_note(meeting_world):
    world = meeting_world.world
    effort = effort_of(world.org_a, world.participant_a)
    assert [(r.stage, r.by, r.note) for r in effort.stage_changes.all()] == [
        ("plan", world.participant_a, "")
    ]
    effort_of(world.org_a, world.participant_a, stage="plan", effort=effort)  # no change
    effort_of(world.org_a, world.organiser, stage="study", effort=effort)
    with pytest.raises(ValidationError):  # back without a note: refused, nothing written
        effort_of(world.org_a, world.participant_a, stage="do", effort=effort)
    effort_of(world.org_a, world.participant_a, stage="do", effort=effort, back_note="Ny mätning")
    rows = list(effort.stage_changes.all())
    assert [(r.stage, r.by, r.note) for r in rows] == [
        ("plan", world.participant_a, ""),
        ("study", world.organiser, ""),
        ("do", world.participant_a, "Ny mätning"),
    ]
    assert rows[0].at <= rows[1].at <= rows[2].at


def test_the_migration_gives_existing_efforts_a_history_once(meeting_world):
    world = meeting_world.world
    logged = effort_of(world.org_a, world.participant_a)
    effort_of(world.org_a, world.participant_a, stage="act", effort=logged)
    unlogged = effort_of(world.org_b, world.participant_b, title="Jämställd skola", stage="do")
    ImprovementEffortStage.objects.all().delete()
    AuditEntry.objects.filter(object_id=str(unlogged.pk), action="improvement.save").delete()
    migration = importlib.import_module("meetings.migrations.0015_effort_stage_history")

    migration.forwards(apps, None)
    assert [r.stage for r in logged.stage_changes.all()] == ["plan", "act"]
    assert logged.stage_changes.first().by == world.participant_a
    only = unlogged.stage_changes.get()
    unlogged.refresh_from_db()
    assert (only.stage, only.at) == ("do", unlogged.updated_at)

    migration.forwards(apps, None)  # again: nothing more
    assert ImprovementEffortStage.objects.count() == 3


# --- The story and its draft ---------------------------------------------------------------------


@pytest.fixture
def story_world(meeting_world, bm3, mail_on_commit):
    """A's effort, linked to items 1 (1 → 3 from BM1 to BM2) and 2 (not scored at BM2), started
    in Plan and moved to Do; A's BM1 feedback released."""
    world = meeting_world.world
    version = seed_checklist()
    assess(world, world.org_a, Occasion.BM1, [1, 2, 1, 2, 1, 2, 1, 2, 1, 2], world.participant_a)
    assess(world, world.org_a, Occasion.BM2, [3], world.participant_a)
    items = ChecklistItem.objects.filter(version=version, number__in=[1, 2])
    effort = effort_of(world.org_a, world.participant_a, items=items)
    effort_of(world.org_a, world.participant_a, stage="do", effort=effort, items=items)
    with mail_on_commit():
        services.feedback_save(
            meeting=meeting_world.meeting,
            organisation=world.org_a,
            by=world.organiser,
            on_improvement_work="Koppla arbetet till checklistans moment.",
        )
        services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)
    return effort


def test_the_draft_is_told_from_the_efforts_own_facts(meeting_world, bm3, story_world):
    world = meeting_world.world
    (story,) = effort_stories(bm3, world.org_a)
    assert [change.stage for change in story.stages] == ["plan", "do"]
    first, second = story.items
    assert (first.number, first.first, first.latest, first.latest_occasion) == (1, 1, 3, "BM2")
    assert first.movement_text == "+2"
    assert (second.first, second.latest, second.movement) == (2, None, None)
    assert story.feedback == "Koppla arbetet till checklistans moment."
    today = timezone.localdate()
    draft = story.draft
    assert f"Arbetet startade i steget planera den {today.day} " in draft
    assert "gick det vidare till steget genomföra" in draft
    assert "Nu är det i steget genomföra." in draft
    assert "Anteckningar från steget planera: Kartlägga beviljade insatser per kön." in draft
    assert f"1 {first.title} från 1 vid BM1 till 3 vid BM2 (+2)" in draft
    assert f"2 {second.title} (inget värde att jämföra med ännu)" in draft
    assert "Återkopplingen vid BM1: Koppla arbetet till checklistans moment." in draft
    assert story.text == draft and story.summary is None  # nothing saved yet


def test_an_effort_without_items_or_feedback_says_so(meeting_world, bm3):
    world = meeting_world.world
    effort_of(world.org_b, world.participant_b)
    (story,) = effort_stories(bm3, world.org_b)
    assert "Det är fortfarande i det steget." in story.draft
    assert (
        "Förbättringsarbetet är ännu inte kopplat till något moment i checklistan." in story.draft
    )
    assert "Återkopplingen" not in story.draft


# --- Saving and confirming -----------------------------------------------------------------------


def test_save_confirm_and_an_edit_that_unconfirms(meeting_world, bm3):
    world = meeting_world.world
    effort = effort_of(world.org_a, world.participant_a)
    summary = effort_summary_save(
        effort=effort, meeting=bm3, text=f"  {CONFIRMED_A} ", by=world.participant_a
    )
    assert (summary.text, summary.confirmed_at) == (CONFIRMED_A, None)
    summary = effort_summary_confirm(effort=effort, meeting=bm3, by=world.participant_a)
    assert summary.confirmed_at is not None and summary.confirmed_by == world.participant_a
    # Saving the same text keeps the confirmation; a changed text loses it.
    summary = effort_summary_save(
        effort=effort, meeting=bm3, text=CONFIRMED_A, by=world.participant_a
    )
    assert summary.confirmed_at is not None
    summary = effort_summary_save(
        effort=effort, meeting=bm3, text=CONFIRMED_A + " Mer.", by=world.participant_a
    )
    assert summary.confirmed_at is None and summary.confirmed_by is None
    summary = effort_summary_confirm(
        effort=effort, meeting=bm3, by=world.participant_a, text="Ny text."
    )
    assert (summary.text, summary.confirmed_at is not None) == ("Ny text.", True)
    assert EffortSummary.objects.count() == 1
    actions = list(
        AuditEntry.objects.filter(object_type="meetings.effortsummary")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["effort_summary.save", "effort_summary.confirm"] + [
        "effort_summary.save"
    ] * 2 + ["effort_summary.confirm"]


def test_refusals_say_why_in_swedish_and_change_nothing(meeting_world, bm3):
    world = meeting_world.world
    effort = effort_of(world.org_a, world.participant_a)
    effort_summary_confirm(effort=effort, meeting=bm3, by=world.participant_a, text=CONFIRMED_A)
    before = list(EffortSummary.objects.values_list("text", "confirmed_at"))
    audits = AuditEntry.objects.count()

    def refused(error, call, **kwargs):
        with pytest.raises(error) as raised:
            call(**kwargs)
        return " ".join(getattr(raised.value, "messages", []))

    message = refused(
        ValidationError, effort_summary_confirm, effort=effort, meeting=bm3,
        by=world.participant_a, text="   ",
    )  # fmt: skip
    assert message == "Skriv sammanfattningen innan du bekräftar den."
    message = refused(
        ValidationError, effort_summary_save, effort=effort, meeting=bm3,
        by=world.participant_a, text="x" * 3001,
    )  # fmt: skip
    assert "högst 3\u202f000 tecken" in message and "3\u202f001" in message
    message = refused(
        ValidationError, effort_summary_save, effort=effort, meeting=meeting_world.meeting,
        by=world.participant_a, text="På BM1",
    )  # fmt: skip
    assert message == "Sammanfattningar av förbättringsarbetet skrivs till ett BM3-möte."
    for outsider in (world.participant_b, world.organiser, world.mentor, world.no_role):
        refused(
            PermissionDenied, effort_summary_save, effort=effort, meeting=bm3, by=outsider,
            text="Inte vårt",
        )  # fmt: skip
    effort_c = effort_of(world.org_c, world.participant_c)  # cluster Mitt: not invited to Norr
    message = refused(
        ValidationError, effort_summary_save, effort=effort_c, meeting=bm3,
        by=world.participant_c, text="Mitt",
    )  # fmt: skip
    assert message == "Organisationen deltar inte i det mötet."
    assert list(EffortSummary.objects.values_list("text", "confirmed_at")) == before
    assert AuditEntry.objects.count() == audits + 1  # only C's effort was saved


# --- Who reads the summaries ---------------------------------------------------------------------


@pytest.fixture
def summaries(meeting_world, bm3):
    """A has confirmed its summary; B has saved one without confirming it."""
    world = meeting_world.world
    effort_a = effort_of(world.org_a, world.participant_a)
    effort_b = effort_of(world.org_b, world.participant_b, title="Jämställd skola")
    effort_summary_confirm(effort=effort_a, meeting=bm3, by=world.participant_a, text=CONFIRMED_A)
    effort_summary_save(effort=effort_b, meeting=bm3, text=DRAFT_B, by=world.participant_b)
    return effort_a, effort_b


def meeting_page(client, person, meeting) -> tuple[int, str]:
    log_in(client, person)
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    return response.status_code, response.content.decode()


def readers(world) -> dict:
    return {
        "a": world.participant_a,
        "b": world.participant_b,
        "c": world.participant_c,
        "mentor": world.mentor,
        "organiser": world.organiser,
        "admin": world.admin,
        "other_cohort": world.other_cohort_participant,
        "no_role": world.no_role,
    }


def test_before_the_deadline_only_the_team_mentors_and_organisers_read_a_summary(
    client, meeting_world, bm3, summaries
):
    world = meeting_world.world
    assert bm3.deadline_processed_at is None
    sees_a = {
        name for name, person in readers(world).items()
        if world.org_a.pk in summary_organisation_ids_visible_to(person, bm3)
    }  # fmt: skip
    assert sees_a == {"a", "mentor", "organiser", "admin"}
    status, page = meeting_page(client, world.participant_b, bm3)
    assert status == 200 and "Läget i förbättringsarbetet" in page and CONFIRMED_A not in page
    for person in (world.participant_a, world.mentor, world.organiser):
        status, page = meeting_page(client, person, bm3)
        assert f'id="efforts-{world.org_a.code}"' in page and CONFIRMED_A in page
        assert DRAFT_B not in page  # never a summary that is not confirmed


def test_after_the_deadline_the_organisations_of_the_meeting_read_the_confirmed_ones(
    client, meeting_world, bm3, summaries
):
    world = meeting_world.world
    share(bm3)
    sees_a = {
        name for name, person in readers(world).items()
        if world.org_a.pk in summary_organisation_ids_visible_to(person, bm3)
    }  # fmt: skip
    assert sees_a == {"a", "b", "mentor", "organiser", "admin"}
    status, page = meeting_page(client, world.participant_b, bm3)
    assert CONFIRMED_A in page and f'id="efforts-{world.org_a.code}"' in page
    assert DRAFT_B not in page
    groups = confirmed_summaries_visible_to(world.participant_b, bm3)
    assert [(g.organisation, [s.text for s in g.summaries]) for g in groups] == [
        (world.org_a, [CONFIRMED_A])
    ]
    # Another cluster and another cohort do not see the meeting at all.
    for outsider in (world.participant_c, world.other_cohort_participant, world.no_role):
        assert meeting_page(client, outsider, bm3)[0] == 404
        assert confirmed_summaries_visible_to(outsider, bm3) == []


@pytest.mark.parametrize("shared", [False, True])
def test_the_list_and_the_rule_agree_for_every_reader(meeting_world, bm3, summaries, shared):
    world = meeting_world.world
    if shared:
        share(bm3)
    for person in readers(world).values():
        listed = summary_organisation_ids_visible_to(person, bm3)
        for organisation in (world.org_a, world.org_b, world.mentor_org, world.org_c):
            allowed = rules.has_perm(
                "meetings.view_confirmed_effort_summaries", person, ActingFor(bm3, organisation)
            )
            assert allowed == (organisation.pk in listed), (person, organisation, shared)


def test_a_bm1_meeting_has_no_summaries(client, meeting_world, summaries):
    world = meeting_world.world
    meeting = meeting_world.meeting
    assert summary_organisation_ids_visible_to(world.organiser, meeting) == set()
    assert (
        "Läget i förbättringsarbetet" not in meeting_page(client, world.participant_a, meeting)[1]
    )
    client.force_login(world.participant_a)
    url = reverse("effort_summaries", args=[meeting.pk, world.org_a.code])
    assert client.get(url).status_code == 404


# --- The organisation's page ---------------------------------------------------------------------


def page_url(meeting, organisation) -> str:
    return reverse("effort_summaries", args=[meeting.pk, organisation.code])


def test_the_team_edits_the_draft_and_confirms_it_on_its_page(client, meeting_world, bm3):
    world = meeting_world.world
    effort = effort_of(world.org_a, world.participant_a)
    client.force_login(world.participant_a)
    url = page_url(bm3, world.org_a)
    page = client.get(url).content.decode()
    assert "Arbetet startade i steget planera" in page  # the draft, in the textarea
    assert "Spara och bekräfta" in page and "Utkast från portalen" in page
    field = f"effort-{effort.pk}-text"

    response = client.post(url, {"effort": effort.pk, field: "   ", "action": "confirm"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv sammanfattningen innan du bekräftar den." in page
    assert f'href="#id_{field}"' in page  # the error summary leads to the field
    assert not EffortSummary.objects.exists()

    response = client.post(url, {"effort": effort.pk, field: CONFIRMED_A, "action": "confirm"})
    assert response.status_code == 302 and response.url.endswith(f"#effort-{effort.pk}")
    summary = EffortSummary.objects.get()
    assert summary.text == CONFIRMED_A and summary.confirmed_at is not None

    response = client.post(
        url, {"effort": effort.pk, field: "Ändrad.", "action": "save"}, follow=True
    )
    page = response.content.decode()
    assert "inte längre bekräftad" in page and "Sparad, inte bekräftad" in page
    summary.refresh_from_db()
    assert summary.text == "Ändrad." and summary.confirmed_at is None


def test_who_opens_the_page_and_who_writes_on_it(client, meeting_world, bm3, summaries):
    world = meeting_world.world
    effort_a, effort_b = summaries
    share(bm3)
    url = page_url(bm3, world.org_b)
    post = {"effort": effort_b.pk, f"effort-{effort_b.pk}-text": "Kapat", "action": "save"}
    for person in (
        world.participant_a,
        world.participant_c,
        world.no_role,
        world.other_cohort_participant,
    ):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, post).status_code == 404, person
    for person in (world.organiser, world.mentor):
        log_in(client, person)
        page = client.get(url).content.decode()
        assert "Jämställd skola" in page and "<textarea" not in page
        assert (DRAFT_B in page) == (person == world.organiser)  # mentors: never drafts
        assert client.post(url, post).status_code == 404
    assert EffortSummary.objects.get(effort=effort_b).text == DRAFT_B
    client.force_login(world.participant_b)
    other = {"effort": effort_a.pk, f"effort-{effort_a.pk}-text": "Kapat", "action": "save"}
    assert client.post(url, other).status_code == 404  # not one of B's efforts


# --- Queries -------------------------------------------------------------------------------------


def enrol_many(meeting_world, count: int) -> None:
    world = meeting_world.world
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"{9000 + n}", name=f"Kommun {n:03}", kind="municipality")
        for n in range(count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=world.cohort, organisation=o, cluster=world.cluster) for o in organisations
    )


def test_the_page_queries_stay_flat_at_3_and_311_organisations(
    client, meeting_world, bm3, story_world, page_queries
):
    world = meeting_world.world
    effort_of(world.org_a, world.participant_a, title="Andra arbetet", stage="act")
    client.force_login(world.participant_a)
    url = page_url(bm3, world.org_a)
    few = page_queries(client, url)[0]
    enrol_many(meeting_world, 308)
    assert page_queries(client, url)[0] == few


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_bm3_meeting_page_section_costs_one_query_for_any_number_of_organisations(
    client, meeting_world, bm3, summaries
):
    """The section reads every visible confirmed summary in one query (whether the person
    organises the meeting comes from the page), measured against the same page of the BM1
    meeting; the whole BM3 page, shared presentations and summaries included, stays within the
    page budget."""
    world = meeting_world.world
    bm1 = meeting_world.meeting
    for meeting in (bm1, bm3):
        share(meeting)
    client.force_login(world.participant_b)
    bm1_url, bm3_url = (reverse("meeting_detail", args=[m.pk]) for m in (bm1, bm3))
    client.get(bm1_url)  # the step's portal documents come from the cache after the first page
    client.get(bm3_url)
    few, page = queries(client, bm3_url)
    assert CONFIRMED_A in page
    assert few == queries(client, bm1_url)[0] + 1
    assert few <= MAX_PAGE_QUERIES
    enrol_many(meeting_world, 308)
    many, page = queries(client, bm3_url)
    assert many == few and CONFIRMED_A in page


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_tells_the_efforts_of_norr_with_a_confirmed_and_a_draft_summary(client):
    from django.core.management import call_command

    call_command("seed_demo", quiet_logins=True)
    counts = (ImprovementEffortStage.objects.count(), EffortSummary.objects.count())
    call_command("seed_demo", quiet_logins=True)  # again: the same rows
    assert (ImprovementEffortStage.objects.count(), EffortSummary.objects.count()) == counts
    bm3 = Meeting.objects.get(step__code="bm3", cluster__name="Norr", cohort__name__contains="2026")
    by_code = {s.effort.organisation.code: s for s in EffortSummary.objects.filter(meeting=bm3)}
    assert by_code["2582"].confirmed_at is not None  # Boden
    assert by_code["2581"].confirmed_at is None and by_code["2581"].text  # Piteå: a draft
    boden = Organisation.objects.get(code="2582")
    (story,) = effort_stories(bm3, boden)
    assert [c.stage for c in story.stages] == ["plan", "do"] and len(story.items) == 2
    assert story.feedback and story.is_confirmed
    status, page = meeting_page(client, bm3.cohort.organisers.first().user, bm3)
    assert status == 200 and 'id="efforts-2582"' in page and 'id="efforts-2581"' not in page
