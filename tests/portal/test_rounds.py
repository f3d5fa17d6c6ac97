"""Starting a round in the portal: the round from the programme template or as a copy of an
earlier one, its clusters, organisations enrolled by pasted codes or from the register's
search, and its meetings proposed from the programme's steps."""

from datetime import date

import pytest
from django.urls import reverse

from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import CohortProgramme, Meeting
from meetings.rounds import meeting_proposals
from portal.models import AuditEntry, Cluster, Cohort, Enrolment, Organisation
from portal.rounds import code_list_read
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, cohort_world):
    seed_steps()
    seed_step_tasks()
    factories.log_in(client, cohort_world.admin)
    return client


def create_round(client, **overrides):
    data = {
        "name": "Omgång 2027–2028",
        "starts_on": "2027-02-01",
        "ends_on": "2028-03-31",
        "description": "",
        "source_cohort": "",
    } | overrides
    return client.post(reverse("round_create"), data)


def test_office_creates_a_round_from_the_programme_template(office):
    response = create_round(office)
    cohort = Cohort.objects.get(name="Omgång 2027–2028")
    assert response.status_code == 302
    assert response["Location"] == reverse("round_setup", args=[cohort.pk])
    programme = CohortProgramme.objects.get(cohort=cohort)
    # Ordered by position (PostgreSQL's jsonb keeps no key order).
    steps = sorted(programme.snapshot["steps"].items(), key=lambda item: item[1]["position"])
    assert [code for code, _step in steps][:2] == ["uppstart", "bm1"]
    assert programme.snapshot["steps"]["bm1"]["tasks"]
    assert cohort.clusters.count() == 0
    assert AuditEntry.objects.filter(action="cohort.create", object_id=str(cohort.pk)).exists()


def test_a_round_that_ends_before_it_starts_is_refused_and_nothing_is_saved(office):
    response = create_round(office, ends_on="2026-01-01")
    assert response.status_code == 400
    assert "Omgången kan inte sluta innan den börjar" in response.content.decode()
    assert not Cohort.objects.filter(name="Omgång 2027–2028").exists()


def test_a_copy_takes_the_earlier_rounds_programme_and_cluster_names_not_its_organisations(
    office, cohort_world
):
    create_round(office, name="Omgång A")
    earlier = Cohort.objects.get(name="Omgång A")
    for name in ("Norr", "Syd"):
        Cluster.objects.create(cohort=earlier, name=name)
    factories.enrol(earlier, factories.organisation("0180"))
    earlier_programme = CohortProgramme.objects.get(cohort=earlier)
    earlier_programme.snapshot = {**earlier_programme.snapshot, "marker": "from round A"}
    earlier_programme.save()

    response = create_round(office, name="Omgång B", source_cohort=str(earlier.pk))

    copy = Cohort.objects.get(name="Omgång B")
    assert response.status_code == 302
    assert sorted(copy.clusters.values_list("name", flat=True)) == ["Norr", "Syd"]
    assert copy.enrolments.count() == 0
    assert CohortProgramme.objects.get(cohort=copy).snapshot["marker"] == "from round A"


def test_the_pasted_codes_are_enrolled_only_when_none_is_refused(office, cohort_world):
    cohort = cohort_world.cohort
    url = reverse("round_setup", args=[cohort.pk])
    response = office.post(url, {"action": "codes", "codes-codes": "0180\n9999\nabc"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "9999 (ingen kommun eller region i Sverige har den koden)" in text
    assert "abc (inte en fyrsiffrig kod)" in text
    assert not cohort.enrolments.filter(organisation__code="0180").exists()

    response = office.post(
        url,
        {"action": "codes", "codes-codes": "0180, 1480\n0180;2582", "codes-cluster": ""},
        follow=True,
    )
    text = response.content.decode()
    assert "2 organisationer anmäldes." in text
    assert "Redan anmälda, lämnade som de var: Boden." in text
    assert "Angivna mer än en gång, anmälda en gång: 0180." in text
    stockholm = Organisation.objects.get(code="0180")
    assert stockholm.name == "Stockholm" and stockholm.kind == "municipality"
    assert cohort.enrolments.filter(organisation__code__in=["0180", "1480"]).count() == 2


def test_a_code_list_reads_excels_three_digit_codes_and_notes_repeats():
    read = code_list_read("180 0180\n2584,,;x1")
    assert read.codes == ["0180", "2584"]
    assert read.repeated == ["0180"]
    assert read.refused == [("x1", "inte en fyrsiffrig kod")]


def test_the_office_finds_organisations_in_the_register_and_enrols_the_ticked_ones(
    office, cohort_world
):
    cohort = cohort_world.cohort
    url = reverse("round_setup", args=[cohort.pk])
    page = office.get(url, {"q": "kiruna"}).content.decode()
    assert "Kiruna (2584, kommun)" in page
    assert not Organisation.objects.filter(code="2584").exists()  # only the register so far
    page = office.get(url, {"q": "boden"}).content.decode()
    assert "Boden (2582, kommun) – redan anmäld" in page

    response = office.post(
        url,
        {
            "action": "selected",
            "q": "kiruna",
            "found-selected": ["2584"],
            "found-cluster": str(cohort_world.other_cluster.pk),
        },
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(cohort=cohort, organisation__code="2584")
    assert enrolment.cluster == cohort_world.other_cluster


def test_clusters_are_added_once_and_organisations_moved_between_them(office, cohort_world):
    cohort = cohort_world.cohort
    url = reverse("round_setup", args=[cohort.pk])
    assert office.post(url, {"action": "cluster", "cluster-name": "Syd"}).status_code == 302
    response = office.post(url, {"action": "cluster", "cluster-name": "Syd"})
    assert response.status_code == 400
    assert "Omgången har redan ett kluster som heter Syd" in response.content.decode()

    south = Cluster.objects.get(cohort=cohort, name="Syd")
    boden = Enrolment.objects.get(cohort=cohort, organisation=cohort_world.org_a)
    office.post(url, {"action": "assign", f"cluster-{boden.pk}": str(south.pk)})
    boden.refresh_from_db()
    assert boden.cluster == south
    # A cluster of another round is refused and nothing moves.
    other = Cluster.objects.get(cohort=cohort_world.other_cohort)
    office.post(url, {"action": "assign", f"cluster-{boden.pk}": str(other.pk)})
    boden.refresh_from_db()
    assert boden.cluster == south


def test_the_meetings_are_proposed_from_the_steps_with_spaced_dates(cohort_world):
    seed_steps()
    cohort = cohort_world.cohort  # starts 2026-09-01, clusters Mitt and Norr
    proposals = meeting_proposals(cohort)
    summary = [(p.step.code, p.cluster.name if p.cluster else None, p.on) for p in proposals]
    assert summary == [
        ("uppstart", None, date(2026, 9, 1)),
        ("bm1", "Mitt", date(2026, 10, 13)),
        ("bm1", "Norr", date(2026, 10, 13)),
        ("bm2", "Mitt", date(2027, 1, 19)),
        ("bm2", "Norr", date(2027, 1, 19)),
        ("bm3", "Mitt", date(2027, 4, 27)),
        ("bm3", "Norr", date(2027, 4, 27)),
        ("resultatkonferens", None, date(2027, 7, 20)),
    ]
    assert proposals[1].title == "BM1 – Ledning och styrning – Mitt"
    assert proposals[0].title == "Uppstart – Omgång 2026–2027"


def test_the_office_adjusts_and_creates_the_proposed_meetings_once(office, cohort_world):
    cohort = cohort_world.cohort
    url = reverse("round_meetings", args=[cohort.pk])
    page = office.get(url)
    assert page.status_code == 200
    proposals = meeting_proposals(cohort)
    data = {"proposal-TOTAL_FORMS": str(len(proposals)), "proposal-INITIAL_FORMS": "0"}
    for index, proposal in enumerate(proposals):
        data[f"proposal-{index}-on"] = proposal.on.isoformat()
        data[f"proposal-{index}-title"] = proposal.title
        if index != 7:  # the results conference is left for later
            data[f"proposal-{index}-create"] = "on"
    data["proposal-1-on"] = "2026-10-20"
    data["proposal-1-title"] = "BM1 i Mitt, flyttat"

    response = office.post(url, data)

    assert response.status_code == 302
    meetings = Meeting.objects.filter(cohort=cohort)
    assert meetings.count() == 7
    assert set(meetings.values_list("status", flat=True)) == {Meeting.Status.DRAFT}
    moved = meetings.get(title="BM1 i Mitt, flyttat")
    assert moved.cluster == cohort_world.other_cluster
    assert moved.starts_at.date() == date(2026, 10, 20)
    assert moved.tasks.count() > 0
    # The same form again creates nothing twice; the conference is still on offer.
    office.post(url, data | {"proposal-7-create": "on"})
    assert Meeting.objects.filter(cohort=cohort).count() == 8


def test_a_bad_date_in_the_proposals_creates_nothing(office, cohort_world):
    cohort = cohort_world.cohort
    url = reverse("round_meetings", args=[cohort.pk])
    proposals = meeting_proposals(cohort)
    data = {"proposal-TOTAL_FORMS": str(len(proposals)), "proposal-INITIAL_FORMS": "0"}
    for index, proposal in enumerate(proposals):
        data |= {
            f"proposal-{index}-on": proposal.on.isoformat(),
            f"proposal-{index}-title": proposal.title,
            f"proposal-{index}-create": "on",
        }
    data["proposal-2-on"] = "den trettonde"
    response = office.post(url, data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Meeting.objects.filter(cohort=cohort).exists()


@pytest.mark.parametrize("role", ["organiser", "participant_a", "no_role"])
@pytest.mark.parametrize("name", ["round_setup", "round_meetings", "round_create"])
def test_only_the_programme_office_starts_rounds(client, cohort_world, role, name):
    factories.log_in(client, getattr(cohort_world, role))
    args = [] if name == "round_create" else [cohort_world.cohort.pk]
    assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse(name, args=args), {"action": "cluster"}).status_code == 404
    assert Cohort.objects.count() == 2


def test_anonymous_is_sent_to_log_in(client, cohort_world):
    response = client.get(reverse("round_setup", args=[cohort_world.cohort.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_setup_page_makes_as_many_queries_for_thirty_organisations_as_for_three(
    office, cohort_world, page_queries
):
    url = reverse("round_setup", args=[cohort_world.cohort.pk])
    few, _response = page_queries(office, url, {"q": "län"})
    codes = [code for code in ("0180", "1480", "1280", "0380", "0580", "0680", "0780", "0880")]
    for code in codes:
        factories.enrol(cohort_world.cohort, factories.organisation(code), cohort_world.cluster)
    many, response = page_queries(office, url, {"q": "län"})
    assert "Göteborg" in response.content.decode()
    assert many == few


def test_hostile_cluster_ids_change_nothing(office, cohort_world):
    url = reverse("round_setup", args=[cohort_world.cohort.pk])
    boden = Enrolment.objects.get(cohort=cohort_world.cohort, organisation=cohort_world.org_a)
    for data in (
        {f"cluster-{'9' * 30}": str(cohort_world.cluster.pk)},
        {f"cluster-{boden.pk}": "9" * 30},
        {f"cluster-{boden.pk}": "-1"},
    ):
        response = office.post(url, {"action": "assign", **data}, follow=True)
        assert response.status_code == 200
    boden.refresh_from_db()
    assert boden.cluster == cohort_world.cluster


def test_the_round_page_links_the_start_for_the_office_and_the_invitations_for_organisers(
    client, cohort_world
):
    url = reverse("cohort_detail", args=[cohort_world.cohort.pk])
    setup = reverse("round_setup", args=[cohort_world.cohort.pk])
    status = reverse("round_invitations", args=[cohort_world.cohort.pk])
    factories.log_in(client, cohort_world.admin)
    page = client.get(url).content.decode()
    assert setup in page and status in page and reverse("round_create") in page
    factories.log_in(client, cohort_world.organiser)
    page = client.get(url).content.decode()
    assert status in page and setup not in page
    factories.log_in(client, cohort_world.participant_a)
    page = client.get(url).content.decode()
    assert "Starta omgången" not in page and status not in page
