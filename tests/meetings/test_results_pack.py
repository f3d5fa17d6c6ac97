"""The BM3 results pack: the team chooses key figures split by sex (never one without the
split, never twice, never for another organisation), orders and comments them; the page shows
women and men per year with the difference, the cluster and the country from the recorded
Kolada values; its team writes it, its mentors and organisers read it, everyone else gets a
404; the page's queries stay flat however many organisations the cluster has."""

import math

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import ResultsKeyFigure, Step
from meetings.selectors.results_pack import results_key_figure_choices, results_pack
from meetings.services.results_pack import (
    MAX_RESULTS_FIGURES,
    results_key_figure_add,
    results_key_figure_comment,
    results_key_figure_move,
    results_key_figure_remove,
)
from portal.audit import AuditEntry
from portal.keyfigures.imports import key_figures_seed_demo
from portal.keyfigures.models import KeyFigure, KeyFigureValue
from portal.models import Enrolment, Organisation
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

WORK, POPULATION, TAX = "N00914", "N01951", "N00900"


@pytest.fixture
def pack_world(cohort_world, mail_on_commit):
    """A published BM3 of cluster Norr (A = Boden, B = Piteå, the mentor Luleå) and the demo's
    recorded Kolada values for the three starter key figures."""
    seed_steps()
    seed_step_tasks()
    key_figures_seed_demo()
    world = cohort_world
    with mail_on_commit():
        meeting = services.meeting_create(
            cohort=world.cohort,
            cluster=world.cluster,
            step=Step.objects.get(code="bm3"),
            title="BM3 Norr",
            starts_at=stockholm(2027, 10, 1, 9, 30),
            ends_at=stockholm(2027, 10, 1, 16, 0),
            by=world.organiser,
        )
        services.meeting_publish(meeting=meeting, by=world.organiser)
    meeting.refresh_from_db()
    world.meeting = meeting
    return world


def figure(kpi_id: str) -> KeyFigure:
    return KeyFigure.objects.get(kpi_id=kpi_id)


def add(world, kpi_id: str, by=None, organisation=None):
    return results_key_figure_add(
        organisation=organisation or world.org_a,
        cohort=world.cohort,
        key_figure=figure(kpi_id),
        by=by or world.participant_a,
    )


def pack_url(world, organisation=None) -> str:
    return reverse("results_pack", args=[world.meeting.pk, (organisation or world.org_a).code])


def chosen(world, organisation=None) -> list[str]:
    return list(
        ResultsKeyFigure.objects.filter(organisation=organisation or world.org_a)
        .order_by("position", "pk")
        .values_list("key_figure__kpi_id", flat=True)
    )


def nothing_changed(world, before: list[str], audits: int) -> None:
    assert chosen(world) == before
    assert AuditEntry.objects.count() == audits


# --- Services -----------------------------------------------------------------------------------


def test_the_team_adds_orders_comments_and_removes_its_key_figures(pack_world):
    world = pack_world
    add(world, WORK)
    add(world, POPULATION)
    assert chosen(world) == [WORK, POPULATION]

    results_key_figure_move(
        organisation=world.org_a,
        cohort=world.cohort,
        key_figure=figure(POPULATION),
        direction="up",
        by=world.participant_a,
    )
    assert chosen(world) == [POPULATION, WORK]
    results_key_figure_comment(
        organisation=world.org_a,
        cohort=world.cohort,
        key_figure=figure(WORK),
        comment="  Kvinnor förvärvsarbetar mindre.  ",
        by=world.participant_a,
    )
    assert ResultsKeyFigure.objects.get(key_figure__kpi_id=WORK).comment == (
        "Kvinnor förvärvsarbetar mindre."
    )
    results_key_figure_remove(
        organisation=world.org_a,
        cohort=world.cohort,
        key_figure=figure(POPULATION),
        by=world.participant_a,
    )
    assert chosen(world) == [WORK]
    actions = list(
        AuditEntry.objects.filter(action__startswith="results_pack.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["results_pack.add"] * 2
        + ["results_pack.move", "results_pack.comment", "results_pack.remove"]
    )


def test_a_key_figure_without_a_sex_split_is_refused_and_nothing_changes(pack_world):
    world = pack_world
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        add(world, TAX)
    assert "inte uppdelat efter kön" in refused.value.message_dict["key_figure"][0]
    nothing_changed(world, [], audits)


def test_a_key_figure_split_by_sex_but_without_values_for_women_and_men_is_refused(pack_world):
    world = pack_world
    KeyFigureValue.objects.filter(
        key_figure=figure(WORK), code=world.org_a.code, gender=KeyFigureValue.Gender.MEN
    ).delete()
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="inte uppdelat efter kön"):
        add(world, WORK)
    nothing_changed(world, [], audits)
    assert WORK not in [f.kpi_id for f in results_key_figure_choices(world.org_a)]


def test_the_same_key_figure_twice_is_refused(pack_world):
    world = pack_world
    add(world, WORK)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        add(world, WORK)
    assert "finns redan i resultatunderlaget" in refused.value.message_dict["key_figure"][0]
    nothing_changed(world, [WORK], audits)


def test_a_stranger_may_not_choose_for_the_organisation(pack_world):
    world = pack_world
    audits = AuditEntry.objects.count()
    for stranger in (world.participant_b, world.mentor, world.organiser):
        with pytest.raises(PermissionDenied, match="organisationens eget team"):
            add(world, WORK, by=stranger)
    nothing_changed(world, [], audits)


def test_a_key_figure_no_longer_in_use_and_more_than_the_maximum_are_refused(pack_world):
    world = pack_world
    KeyFigure.objects.filter(kpi_id=POPULATION).update(in_use=False)
    with pytest.raises(ValidationError, match="följs inte längre"):
        add(world, POPULATION)
    extra = []
    for number in range(MAX_RESULTS_FIGURES):
        key_figure = KeyFigure.objects.create(kpi_id=f"N9{number:04d}", title=f"Extra {number}")
        for gender, value in (("K", 10.0), ("M", 12.0)):
            KeyFigureValue.objects.create(
                key_figure=key_figure, code=world.org_a.code, year=2023, gender=gender, value=value
            )
        extra.append(key_figure.kpi_id)
    for kpi_id in extra[: MAX_RESULTS_FIGURES - 1]:
        add(world, kpi_id)
    add(world, WORK)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="högst 6 nyckeltal"):
        add(world, extra[-1])
    nothing_changed(world, [*extra[: MAX_RESULTS_FIGURES - 1], WORK], audits)


def test_a_too_long_comment_and_a_figure_not_chosen_are_refused(pack_world):
    world = pack_world
    add(world, WORK)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="högst 2000 tecken"):
        results_key_figure_comment(
            organisation=world.org_a,
            cohort=world.cohort,
            key_figure=figure(WORK),
            comment="x" * 2001,
            by=world.participant_a,
        )
    with pytest.raises(ValidationError, match="finns inte i resultatunderlaget"):
        results_key_figure_remove(
            organisation=world.org_a,
            cohort=world.cohort,
            key_figure=figure(POPULATION),
            by=world.participant_a,
        )
    nothing_changed(world, [WORK], audits)
    assert ResultsKeyFigure.objects.get().comment == ""


# --- The selector against the recorded values ---------------------------------------------------


def test_the_pack_has_women_men_the_difference_the_cluster_and_the_country(pack_world):
    world = pack_world
    add(world, WORK)
    services.preparation_answers_save(
        enrolment=Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort),
        code="bm3_statistics",
        answers={"problems": "Kvinnor förvärvsarbetar mindre än män."},
        by=world.participant_a,
    )
    pack = results_pack(organisation=world.org_a, cohort=world.cohort)
    assert pack.cluster_name == "Norr"
    (work,) = pack.figures
    years = {year.year: year for year in work.years}
    assert sorted(years) == [2019, 2020, 2021, 2022, 2023]
    # Boden 2019 is confidential in Kolada: no difference that year
    assert years[2019].women.missing and years[2019].women.status == ".."
    assert years[2019].difference is None
    latest = years[2023]
    assert (latest.women.value, latest.men.value) == (79.4, 83.7)
    assert math.isclose(latest.difference, 79.4 - 83.7)
    # the cluster's other benchmarking organisation (Piteå; the mentor is not a peer)
    assert math.isclose(latest.cluster, 82.5 - 84.2)
    assert math.isclose(latest.national, 80.9 - 84.6)
    assert math.isclose(years[2020].difference, 76.6 - 79.7)
    assert (work.trend.first_year, work.trend.last_year) == (2020, 2023)
    assert work.trend.direction == "wider"
    assert work.decimals == 1
    assert work.chart is not None and "Kvinnor" in work.chart.svg
    assert work.peers.year == 2023
    assert [row.label for row in work.peers.rows] == ["Boden", "Piteå"]
    answers = {question.key: question.answer for question in pack.statistics.questions}
    assert answers["problems"] == "Kvinnor förvärvsarbetar mindre än män."


def test_only_key_figures_split_by_sex_for_the_organisation_are_offered(pack_world):
    offered = [f.kpi_id for f in results_key_figure_choices(pack_world.org_a)]
    assert offered == [POPULATION, WORK]


# --- The page -----------------------------------------------------------------------------------


def test_the_team_adds_a_key_figure_and_comments_it_on_the_page(client, pack_world):
    world = pack_world
    factories.log_in(client, world.participant_a)
    page = client.get(pack_url(world)).content.decode()
    assert "Resultatunderlag" in page and "Inga nyckeltal är valda" in page
    assert "Total skattesats (%)" in page  # named as one that cannot be chosen
    response = client.post(
        pack_url(world), {"action": "add", "key_figure": figure(WORK).pk}, follow=True
    )
    body = response.content.decode()
    assert "lades till i resultatunderlaget" in body
    assert "Skillnaden har ökat: från −3,1 år 2020 till −4,3 år 2023." in body
    assert "Källa: Kolada" in body
    for text in ("79,4", "83,7", "−4,3", "−1,7", "−3,7"):
        assert text in body
    response = client.post(
        pack_url(world),
        {
            "action": "comment",
            "figure": figure(WORK).pk,
            f"figure-{figure(WORK).pk}-comment": "Vi ser en växande skillnad.",
        },
        follow=True,
    )
    assert "Vi ser en växande skillnad." in response.content.decode()


def test_the_page_refuses_a_figure_without_split_with_the_message_tied_to_the_field(
    client, pack_world
):
    world = pack_world
    factories.log_in(client, world.participant_a)
    response = client.post(pack_url(world), {"action": "add", "key_figure": figure(TAX).pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'href="#id_key_figure"' in body
    assert "inte uppdelat efter kön" in body
    assert chosen(world) == []


@pytest.mark.parametrize(
    ("who", "status", "edits"),
    [
        ("participant_a", 200, True),
        ("participant_b", 404, False),
        ("participant_c", 404, False),
        ("other_cohort_participant", 404, False),
        ("no_role", 404, False),
        ("mentor", 200, False),
        ("organiser", 200, False),
        ("admin", 200, False),
    ],
)
def test_the_team_edits_mentors_and_organisers_read_others_get_404(
    client, pack_world, who, status, edits
):
    world = pack_world
    add(world, WORK)
    person = getattr(world, who)
    factories.log_in(client, person)
    response = client.get(pack_url(world))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Förvärvsarbetande invånare 20-64 år" in body
        assert ('name="action"' in body) is edits
    post = client.post(pack_url(world), {"action": "remove", "figure": figure(WORK).pk})
    assert post.status_code == (302 if edits else 404)
    assert chosen(world) == ([] if edits else [WORK])


def test_the_page_is_only_for_bm3_meetings(client, pack_world):
    world = pack_world
    bm1 = factories.norr_bm1_meeting(world, stockholm(2027, 3, 1, 9, 30), published=True)
    factories.log_in(client, world.participant_a)
    response = client.get(reverse("results_pack", args=[bm1.pk, world.org_a.code]))
    assert response.status_code == 404


def test_the_bm3_meeting_page_links_to_the_results_pack(client, pack_world):
    world = pack_world
    factories.log_in(client, world.participant_a)
    body = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert f'href="{pack_url(world)}"' in body


def test_the_page_queries_stay_flat_with_3_and_311_organisations(client, pack_world, page_queries):
    world = pack_world
    add(world, WORK)
    add(world, POPULATION)
    factories.log_in(client, world.participant_a)
    few, _response = page_queries(client, pack_url(world))
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"9{number:03d}", name=f"Kommun {number}", kind="municipality")
        for number in range(308)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=world.cohort, organisation=organisation, cluster=world.cluster)
        for organisation in organisations
    )
    KeyFigureValue.objects.bulk_create(
        KeyFigureValue(
            key_figure=figure(WORK), code=organisation.code, year=2023, gender=gender, value=value
        )
        for organisation in organisations
        for gender, value in (("K", 80.0), ("M", 82.0))
    )
    assert Enrolment.objects.filter(cohort=world.cohort).count() >= 311
    many, response = page_queries(client, pack_url(world))
    assert many == few
    assert "Kommun 307" in response.content.decode()


# --- The demo -----------------------------------------------------------------------------------


def test_the_demo_fills_the_results_packs_of_the_current_cohort_once(client):
    from meetings.demo_results_pack import seed_results_packs
    from meetings.models import Meeting
    from tests.permission_requests import seed_demo

    people = seed_demo()
    key_figures_seed_demo()
    seed_results_packs()
    seed_results_packs()
    boden = Organisation.objects.get(code="2582")
    rows = ResultsKeyFigure.objects.filter(organisation=boden).order_by("position")
    assert [row.key_figure.kpi_id for row in rows] == [WORK, POPULATION]
    assert all(row.comment for row in rows)
    # every benchmarking organisation of the demo with a team (Boden, Piteå, Eskilstuna)
    assert len(set(ResultsKeyFigure.objects.values_list("organisation", flat=True))) == 3
    meeting = Meeting.objects.get(cohort=rows[0].cohort, cluster__name="Norr", step__code="bm3")
    factories.log_in(client, people["participant_a"])
    body = client.get(reverse("results_pack", args=[meeting.pk, boden.code])).content.decode()
    assert "Skillnaden har ökat" in body
    assert "unga kvinnor flyttar" in body  # Boden's answer on the inequality problems


def test_a_too_long_comment_is_shown_with_its_error_and_nothing_is_saved(client, pack_world):
    world = pack_world
    add(world, WORK)
    factories.log_in(client, world.participant_a)
    key = figure(WORK).pk
    response = client.post(
        pack_url(world),
        {"action": "comment", "figure": key, f"figure-{key}-comment": "x" * 2001},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#id_figure-{key}-comment"' in body and "Inget sparades." in body
    assert ResultsKeyFigure.objects.get().comment == ""
    response = client.post(
        pack_url(world), {"action": "remove", "figure": figure(POPULATION).pk}, follow=True
    )
    assert "finns inte i resultatunderlaget" in response.content.decode()
    assert chosen(world) == [WORK]
