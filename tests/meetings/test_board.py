"""The organisers' board built for a national round: the counts and actions above the table,
tasks as columns with tags in words, filters by cluster, status and a search that work
without JavaScript, the extension form's searchable organisation field, and "behind" meaning
behind (not merely "not finished" months before anything is due)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from meetings import selectors, services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Extension, Step, TaskCompletion
from meetings.selectors.board import natural_key, short_label
from portal.models import Cluster, Enrolment
from tests import factories

from .conftest import pptx_upload, stockholm
from .test_views import submit_self_assessment

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<th scope="row"[^>]*><a [^>]+>([^<]+)</a></th>(.*?)</tr>', re.S)
TAG = re.compile(r'<strong class="govuk-tag govuk-tag--(\w+)">([^<]+)</strong>')


def board_rows(body: str) -> dict[str, list[tuple[str, str]]]:
    """Each row's organisation and its tags (colour, words), in order."""
    return {name: TAG.findall(cells) for name, cells in ROW.findall(body)}


def names(body: str) -> list[str]:
    return list(board_rows(body))


@pytest.fixture
def organiser_client(client, cohort_world):
    factories.login_with_second_factor(client, cohort_world.organiser)
    return client


def _meeting(world, *, cluster, code: str, title: str, starts):
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=cluster,
        step=Step.objects.get(code=code),
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=world.organiser,
    )
    services.meeting_publish(meeting=meeting, by=world.organiser)
    return meeting


@pytest.fixture
def conference(cohort_world, mail_on_commit):
    """The round's results conference for the whole cohort on 1 September 2027, after each
    cluster's BM3: Norr's (Boden, Piteå, Luleå) on 3 May, Mitt's (Eskilstuna) on 14 June."""
    seed_steps()
    seed_step_tasks()
    world = cohort_world
    with mail_on_commit():
        _meeting(
            world,
            cluster=world.cluster,
            code="bm3",
            title="BM3 Norr",
            starts=stockholm(2027, 5, 3, 9, 30),
        )
        _meeting(
            world,
            cluster=world.other_cluster,
            code="bm3",
            title="BM3 Mitt",
            starts=stockholm(2027, 6, 14, 9, 30),
        )
        meeting = _meeting(
            world,
            cluster=None,
            code="resultatkonferens",
            title="Resultatkonferens",
            starts=stockholm(2027, 9, 1, 9, 30),
        )
    mail_on_commit.outbox.clear()
    return meeting


def board(client, meeting, **query) -> str:
    response = client.get(reverse("meeting_board", args=[meeting.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


# --- "Behind" means behind ----------------------------------------------------------------


def test_nobody_is_behind_before_their_previous_meeting_of_the_round_is_over(
    organiser_client, conference, cohort_world
):
    """The national finding: "behind" listed all 311 organisations on the results conference's
    board, because the final self-assessment, months ahead, was not done by anyone yet; being
    not finished was taken for being behind. Preparation is given at the meeting before, so an
    organisation is behind only once its previous meeting of the round is over."""
    world = cohort_world
    with time_machine.travel(stockholm(2027, 1, 10, 9, 0), tick=False):
        rows = selectors.preparation_board(conference)
        assert all(row.preparation.is_behind for row in rows)  # none is finished…
        assert not any(row.is_behind for row in rows)  # …but nobody is behind yet
        assert selectors.behind_reminders_preview(conference)["rows"] == []
        everyone = board(organiser_client, conference)
        behind = board(organiser_client, conference, status="behind")
    assert {tags[0] for tags in board_rows(everyone).values()} == {("grey", "Inte aktuell än")}
    assert names(behind) == []
    assert "Inga organisationer matchar filtret." in behind
    assert "Mejla organisationerna som ligger efter" not in everyone

    # Norr's BM3 is over: its three are behind, Mitt's Eskilstuna not yet.
    with time_machine.travel(stockholm(2027, 5, 10, 9, 0), tick=False):
        behind = board(organiser_client, conference, status="behind")
        not_due = board(organiser_client, conference, status="not_due")
        assert {
            row.organisation for row in selectors.behind_reminders_preview(conference)["rows"]
        } == {
            world.org_a,
            world.org_b,
            world.mentor_org,
        }
    assert names(behind) == ["Boden", "Luleå", "Piteå"]
    assert names(not_due) == ["Eskilstuna"]
    assert board_rows(behind)["Piteå"][0] == ("red", "Efter i förberedelserna")

    # Both BM3s are over and Boden has done everything: the other three are behind.
    for task in conference.tasks.filter(kind="general"):
        TaskCompletion.objects.create(task=task, organisation=world.org_a)
    submit_self_assessment(world, world.org_a, world.participant_a, occasion="RESULTS")
    services.presentation_upload(
        meeting=conference,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 6, 20, 9, 0),
    )
    with time_machine.travel(stockholm(2027, 6, 20, 10, 0), tick=False):
        behind = board(organiser_client, conference, status="behind")
        ready = board(organiser_client, conference, status="ready")
    assert names(behind) == ["Eskilstuna", "Luleå", "Piteå"]
    assert names(ready) == ["Boden"]
    assert board_rows(ready)["Boden"][0] == ("green", "Redo för mötet")


def test_a_draft_earlier_meeting_does_not_hold_the_preparation_back(
    organiser_client, meeting_world
):
    """The round's first meeting (no earlier one, or only a draft): preparation runs from the
    start, as before."""
    world = meeting_world.world
    services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="uppstart"),
        title="Uppstart (utkast)",
        starts_at=stockholm(2027, 2, 1, 9, 30),
        ends_at=stockholm(2027, 2, 1, 15, 30),
        by=world.organiser,
    )
    rows = selectors.preparation_board(meeting_world.meeting)
    assert all(row.is_behind for row in rows)


# --- Summary and actions first ------------------------------------------------------------


def test_the_counts_and_actions_come_before_the_table(organiser_client, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    submit_self_assessment(world, world.org_a, world.participant_a)
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 3, 20, 9, 0),
    )
    with time_machine.travel(stockholm(2027, 3, 21, 9, 0), tick=False):
        body = board(organiser_client, meeting)
    table = body.index("<table")
    summary = body[body.index("app-board-summary") : body.index('id="board-zip"')]
    counts = dict(
        re.findall(
            r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*'
            r'<dd class="govuk-summary-list__value[^"]*">(?:<a [^>]+>)?([^<]+)',
            summary,
        )
    )
    assert counts["Organisationer"] == "3"
    assert counts["Efter i förberedelserna"] == "3" and counts["Redo för mötet"] == "0"
    assert counts["I tid"] == "1" and counts["Inte uppladdad ännu"] == "2"
    assert counts["3. Gör självskattningen med checklistan tillsammans"] == "1 av 3 klara · "
    path = reverse("meeting_board", args=[meeting.pk])
    assert f'<a class="govuk-link" href="{path}?task=' in summary and "2 inte klara" in summary
    assert f'<a class="govuk-link" href="{path}?status=behind">3<' in summary
    # The actions, weighted: the reminder (a preview first) leads; the others are secondary.
    remind = body.index(
        f'class="govuk-button" data-module="govuk-button" href="{reverse("meeting_board_remind", args=[meeting.pk])}"'
    )
    zip_button = body.index('form="board-zip" class="govuk-button govuk-button--secondary"')
    templates = body.index('form="board-templates" class="govuk-button govuk-button--secondary"')
    extension = body.index('id="extension-heading"')
    assert remind < zip_button < templates < extension < table
    assert body.index("app-board-summary") < remind


def test_the_reminder_is_sent_with_a_warning_button_after_its_preview(
    organiser_client, meeting_world
):
    url = reverse("meeting_board_remind", args=[meeting_world.meeting.pk])
    body = organiser_client.get(url).content.decode()
    assert 'class="govuk-button govuk-button--warning"' in body and "Skicka påminnelserna" in body
    assert "Boden" in body and "Luleå" in body and "Piteå" in body


# --- The table ----------------------------------------------------------------------------


def test_tasks_are_columns_with_tags_in_words(organiser_client, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    submit_self_assessment(world, world.org_a, world.participant_a)
    body = board(organiser_client, meeting)
    headings = re.findall(r'<th scope="col" class="govuk-table__header[^"]*">([^<]+)</th>', body)
    assert headings == [
        "Organisation",
        "Förberedelser",
        "1. Läs vägledningen för…",
        "2. Se filmerna Styrkedjan…",
        "3. Självskattning",
        "4. Gå igenom…",
        "5. Beskriv hur er styrning…",
        "6. Identifiera…",
        "7. Håll en workshop om…",
        "8. Intressentanalys",
        "Presentation",
    ]
    rows = board_rows(body)
    assert list(rows) == ["Boden", "Luleå", "Piteå"]
    assert rows["Boden"] == [
        ("red", "Efter i förberedelserna"),
        ("red", "Saknas"),
        ("red", "Saknas"),
        ("green", "Klar"),
        *[("red", "Saknas")] * 5,
        ("grey", "Inte uppladdad ännu"),
    ]
    assert "1 av 9 klara" in body and "0 av 9 klara" in body
    # The organisation is each row's header, in a scrolling region with a sticky header.
    assert re.search(
        r'<div class="app-table-container" role="region" aria-labelledby="board-caption" '
        r'tabindex="0">\s*<table class="govuk-table app-table--sticky',
        body,
    )
    assert "Kluster" not in re.findall(r"<thead.*?</thead>", body, re.S)[0]  # a cluster's meeting


def test_short_labels_and_natural_cluster_order():
    assert sorted(["Kluster 10", "Kluster 2", "Mitt", "Kluster 1"], key=natural_key) == [
        "Kluster 1",
        "Kluster 2",
        "Kluster 10",
        "Mitt",
    ]

    class Task:
        kind, position = "general", 4
        title = "Var i styrkedjan finns jämställdhetsperspektivet redan?"

    assert short_label(Task()) == "4. Var i styrkedjan finns…"


def test_cluster_column_and_filter_on_a_cohort_wide_meeting(
    organiser_client, conference, cohort_world
):
    world = cohort_world
    for name, code in (("Kluster 10", "2584"), ("Kluster 2", "0114")):
        cluster = Cluster.objects.create(cohort=world.cohort, name=name)
        Enrolment.objects.create(
            cohort=world.cohort, organisation=factories.organisation(code), cluster=cluster
        )
    body = board(organiser_client, conference)
    select = re.search(r'<select name="cluster".*?</select>', body, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", select) == [
        "Alla kluster",
        "Kluster 2",
        "Kluster 10",
        "Mitt",
        "Norr",
    ]
    assert '<td class="govuk-table__cell">Kluster 10</td>' in body
    norr = board(organiser_client, conference, cluster=world.cluster.pk)
    assert names(norr) == ["Boden", "Luleå", "Piteå"]
    assert "Förberedelser – Norr" in norr
    # The summary counts the chosen cluster; its links keep the cluster.
    path = reverse("meeting_board", args=[conference.pk])
    assert f'href="{path}?cluster={world.cluster.pk}&amp;status=not_due">3<' in norr
    assert "Inga organisationer matchar filtret." in board(
        organiser_client, conference, cluster=world.cluster.pk, q="Kiruna"
    )
    # A cluster from another cohort is not a choice: the filter says so and filters nothing.
    other = Cluster.objects.create(cohort=world.other_cohort, name="Väst")
    refused = board(organiser_client, conference, cluster=other.pk)
    assert "govuk-error-message" in refused and len(names(refused)) == 6


def test_the_search_filters_by_name_or_code_without_javascript(organiser_client, meeting_world):
    meeting = meeting_world.meeting
    body = board(organiser_client, meeting)
    assert re.search(r'<input type="search" name="q"[^>]*data-table-filter="board-table"', body)
    assert 'data-filter-text="Piteå 2581"' in body and 'id="board-table"' in body
    assert "js/table-filter.js" in body
    assert names(board(organiser_client, meeting, q="pit")) == ["Piteå"]
    assert names(board(organiser_client, meeting, q=" PITEÅ ")) == ["Piteå"]
    assert names(board(organiser_client, meeting, q="2582")) == ["Boden"]
    none = board(organiser_client, meeting, q="Kiruna")
    assert names(none) == [] and "<table" not in none
    assert re.search(r'data-table-filter-empty="board-table">Inga organisationer', none)
    assert '<span data-table-filter-count="board-table">0</span> av 3 organisationer visas' in none


def test_board_in_english(organiser_client, meeting_world):
    organiser_client.cookies["django_language"] = "en"
    body = board(organiser_client, meeting_world.meeting)
    assert "Preparation board" in body and "Final presentations" in body
    assert "Search organisation" in body and "of 3 organisations shown" in body
    assert board_rows(body)["Piteå"][0] == ("red", "Behind")


# --- The extension form -------------------------------------------------------------------


def test_the_extension_form_picks_the_organisation_from_a_searchable_list(
    organiser_client, meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    body = board(organiser_client, meeting)
    assert re.search(
        r'<input type="text" name="organisation"[^>]*list="extension-organisations"', body
    )
    datalist = re.search(r'<datalist id="extension-organisations">(.*?)</datalist>', body).group(1)
    assert re.findall(r'value="([^"]+)"', datalist) == ["Boden", "Luleå", "Piteå"]
    url = reverse("extension_grant", args=[meeting.pk])

    def grant(organisation: str):
        return organiser_client.post(
            url, {"organisation": organisation, "deadline": "2027-03-29T12:00", "reason": "Valår"}
        )

    for unknown in ("Atlantis", "Eskilstuna"):  # Eskilstuna is in the round, not in Norr
        response = grant(unknown)
        page = response.content.decode()
        assert response.status_code == 400
        assert "Ingen organisation som är inbjuden till mötet har det namnet" in page
        assert 'href="#extension_organisation"' in page  # the error summary links the field
        # The page answers the form's address; its filters and counts still lead to the board.
        assert f'method="get" action="{reverse("meeting_board", args=[meeting.pk])}"' in page
        assert (
            f'value="{unknown}"' in page
            and '<details class="govuk-details app-board-extension" open>' in page
        )
    assert not Extension.objects.exists()

    with mail_on_commit():
        assert grant(" piteå ").status_code == 302
        assert grant("2582").status_code == 302  # the code is accepted too
    assert {e.organisation for e in Extension.objects.all()} == {world.org_b, world.org_a}
    assert "Valår" in board(organiser_client, meeting)


# --- Queries and size -------------------------------------------------------------------------

MORE = ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136", "0138",
        "0139", "0140", "0160", "0162", "0163", "0180", "0181", "0182", "0183", "0184", "0186",
        "0187", "0188", "0191", "0192", "0305", "0319", "0330", "0331"]  # fmt: skip


def test_board_queries_stay_flat_with_many_organisations_and_filters(
    organiser_client, conference, cohort_world, page_queries
):
    world = cohort_world
    url = reverse("meeting_board", args=[conference.pk])
    query = {"q": "a", "cluster": world.cluster.pk, "status": "not_due", "task_status": "missing"}
    few = page_queries(organiser_client, url)[0]
    few_filtered = page_queries(organiser_client, url, query)[0]
    clusters = [Cluster.objects.create(cohort=world.cohort, name=f"Kluster {n}") for n in (1, 2, 3)]
    for index, code in enumerate(MORE):
        organisation = factories.organisation(code)
        Enrolment.objects.create(
            cohort=world.cohort, organisation=organisation, cluster=clusters[index % 3]
        )
        services.presentation_upload(
            meeting=conference,
            organisation=organisation,
            uploaded=pptx_upload(),
            by=world.organiser,
            now=stockholm(2027, 3, 20, 9, 0),
        )
    many, response = page_queries(organiser_client, url)
    assert many == few
    assert len(names(response.content.decode())) == 4 + len(MORE)
    assert page_queries(organiser_client, url, query)[0] == few_filtered
