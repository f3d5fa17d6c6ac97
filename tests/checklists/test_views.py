"""The assessment pages: access for every role, saving as you go, stale saves, submit, reopen."""

import re

import pytest
import time_machine
from django.urls import reverse

from checklists import services
from checklists.models import Assessment, ItemScore, Occasion
from portal.models import AuditEntry, Membership
from tests import factories

from .conftest import fill, start, stockholm

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def detail_url(world, occasion="BM2", code="2582"):
    return reverse("assessment_detail", args=[world.cohort.pk, code, occasion])


@pytest.fixture
def two_occasions(cohort_world, checklist):
    world = cohort_world
    bm1 = start(world)
    fill(bm1, [1, 2, 2, 1, 3, 2, 1, 1, 2, 1], world.participant_a, comments={1: "Beslut saknas"})
    bm2 = start(world, occasion=Occasion.BM2)
    fill(bm2, [2, 2, 3, 2, 3, 2, 2, 1, 2, 1], world.participant_a)
    return world


def test_anonymous_visitors_are_sent_to_login(client, two_occasions):
    response = client.get(detail_url(two_occasions))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize(
    "who", ["no_role", "participant_b", "participant_c", "other_cohort_participant"]
)
def test_people_without_access_get_404(client, two_occasions, who):
    client.force_login(getattr(two_occasions, who))
    assert client.get(detail_url(two_occasions)).status_code == 404
    assert (
        client.get(
            reverse("assessment_overview", args=[two_occasions.cohort.pk, "2582"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("assessment_workbook", args=[two_occasions.cohort.pk, "2582"])
        ).status_code
        == 404
    )


def test_the_member_sees_items_scale_previous_occasion_and_movement(english, two_occasions):
    english.force_login(two_occasions.participant_a)
    body = english.get(detail_url(two_occasions)).content.decode()
    assert "Self-assessment BM2: Boden" in body
    assert "1 – Not started" in body and "3 – In place" in body  # the scale, explained
    assert "Political decision" in body and "Beslut saknas" in body  # BM1's comment beside it
    movements = re.findall(r"<strong data-movement>([^<]+)</strong>", body)
    assert movements == ["+1", "±0", "+1", "+1", "±0", "±0", "+1", "±0", "±0", "±0"]
    assert "<span data-total>20</span>" in body and "<span data-total-movement>+4</span>" in body
    assert "Does not meet the rule yet: 2 item(s) at 1 and 2 of 10 at 3" in body
    assert 'name="score_3" value="3"' in body and 'aria-live="polite"' in body
    assert 'src="/static/js/checklist.js"' in body and "<script>" not in body


def test_the_mentor_reads_without_a_form_and_cannot_post(english, two_occasions):
    english.force_login(two_occasions.mentor)
    response = english.get(detail_url(two_occasions))
    body = response.content.decode()
    assert response.status_code == 200 and '<form method="post" novalidate' not in body
    assert "3 – In place" in body  # item 3's score as text
    assert english.post(detail_url(two_occasions), {}).status_code == 404


def test_organisers_see_it_and_admins_too(english, two_occasions):
    for person in (two_occasions.organiser, two_occasions.admin):
        factories.login_with_second_factor(english, person)
        body = english.get(detail_url(two_occasions)).content.decode()
        assert "Self-assessment BM2: Boden" in body and "Scores and comments" in body


def _form_data(page_body: str) -> dict:
    """The form as the browser would send it untouched."""
    data = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page_body
    ):
        data[name] = value
    for name, value in re.findall(
        r'<input type="radio" name="([^"]+)" value="([^"]*)"[^>]*checked', page_body
    ):
        data[name] = value
    for name, value in re.findall(
        r'<textarea name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', page_body
    ):
        data[name] = value
    return data


def test_the_whole_form_saves_only_what_changed(english, two_occasions):
    world = two_occasions
    english.force_login(world.participant_a)
    data = _form_data(english.get(detail_url(world)).content.decode())
    data.update({"score_8": "2", "comment_8": "Ny uppföljning", "action": "save"})
    audited = AuditEntry.objects.filter(action="assessment.scores").count()
    response = english.post(detail_url(world), data)
    assert response.status_code == 302
    bm2 = Assessment.objects.get(occasion="BM2")
    assert bm2.scores.get(item__number=8).score == 2
    assert bm2.scores.get(item__number=8).comment == "Ny uppföljning"
    assert AuditEntry.objects.filter(action="assessment.scores").count() == audited + 1
    assert bm2.scores.get(item__number=1).revision == 1  # untouched items were not rewritten


def test_a_stale_form_is_refused_and_shows_the_newer_value(english, two_occasions):
    world = two_occasions
    colleague = factories.member(world.org_a, "politiker@example.org")
    colleague.full_name = "Johan Berg"
    colleague.save()
    english.force_login(world.participant_a)
    data = _form_data(english.get(detail_url(world)).content.decode())
    bm2 = Assessment.objects.get(occasion="BM2")
    services.assessment_save_scores(
        assessment=bm2,
        changes=[services.ScoreChange(number=4, score=3, comment="Klart", expected_revision=1)],
        by=colleague,
    )
    data.update({"score_4": "1", "score_5": "2", "action": "save"})
    response = english.post(detail_url(world), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Item 4 was changed by Johan Berg" in body and "the score is now 3" in body
    assert "“Klart”" in body and "Your change was not saved" in body
    assert 'id="id_score_4_error"' in body
    # The item's fieldset names the error among what describes it (its text, BM1's score).
    assert re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="[^"]*id_score_4_error"', body
    )
    assert re.search(r'name="score_4" value="1"[^>]*checked', body)  # the person's entry is kept
    assert list(bm2.scores.filter(item__number__in=[4, 5]).values_list("score", flat=True)) == [
        3,
        3,
    ]
    # Saving the re-shown form again replaces the colleague's value knowingly.
    again = _form_data(body)
    again["action"] = "save"
    assert english.post(detail_url(world), again).status_code == 302
    assert list(bm2.scores.filter(item__number__in=[4, 5]).values_list("score", flat=True)) == [
        1,
        2,
    ]


def test_saving_one_item_as_you_go_and_the_stale_refusal(english, two_occasions):
    world = two_occasions
    english.force_login(world.participant_a)
    url = reverse("assessment_item_save", args=[world.cohort.pk, "2582", "BM2", 10])
    response = english.post(url, {"score": "3", "comment": "Vi sprider metoden", "revision": "1"})
    data = response.json()
    assert response.status_code == 200 and data["ok"] and data["revision"] == 2
    assert (data["total"], data["total_movement"], data["movement"]) == (22, "+6", "+2")
    assert data["message"] == "Item 10 saved."
    stale = english.post(url, {"score": "1", "comment": "", "revision": "1"})
    conflict = stale.json()
    assert stale.status_code == 409 and conflict["conflict"]
    assert (conflict["score"], conflict["comment"], conflict["revision"]) == (
        3,
        "Vi sprider metoden",
        2,
    )
    assert "the score is now 3" in conflict["message"]
    assert ItemScore.objects.get(assessment__occasion="BM2", item__number=10).score == 3
    bad = english.post(url, {"score": "7", "comment": "", "revision": "2"})
    assert bad.status_code == 400 and "1–3" in bad.json()["message"]
    english.force_login(world.mentor)
    assert english.post(url, {"score": "1", "comment": "", "revision": "2"}).status_code == 404


def test_the_first_save_starts_the_assessment(english, cohort_world, checklist):
    english.force_login(cohort_world.participant_a)
    url = reverse("assessment_item_save", args=[cohort_world.cohort.pk, "2582", "BM3", 1])
    assert english.post(url, {"score": "2", "comment": "", "revision": "0"}).json()["ok"]
    assessment = Assessment.objects.get()
    assert (assessment.occasion, assessment.version.code) == ("BM3", "tio-moment-1-3")


def test_submitting_from_the_page(english, two_occasions):
    world = two_occasions
    english.force_login(world.participant_a)
    data = _form_data(english.get(detail_url(world)).content.decode())
    data.update({"participants": [str(world.participant_a.pk)], "action": "submit"})
    response = english.post(detail_url(world), data, follow=True)
    body = response.content.decode()  # only a strategist took part: the team check asks first
    assert "Submit without the whole team?" in body
    assert "No politician and no manager took part." in body
    response = english.post(detail_url(world), {"action": "submit_anyway"}, follow=True)
    assert "The assessment is submitted" in response.content.decode()
    bm2 = Assessment.objects.get(occasion="BM2")
    assert bm2.status == "submitted" and list(bm2.participants.all()) == [world.participant_a]


def test_locked_page_and_the_organisers_reopen(english, two_occasions):
    world = two_occasions
    services.occasion_date_set(
        cohort=world.cohort,
        cluster=world.cluster,
        occasion=Occasion.BM2,
        starts_at=stockholm(2027, 5, 12, 9, 30),
    )
    with time_machine.travel(stockholm(2027, 5, 12, 10, 0), tick=False):
        english.force_login(world.participant_a)
        body = english.get(detail_url(world)).content.decode()
        assert "Locked: the meeting started 12 May 2027, 09:30." in body
        assert 'novalidate class="assessment-form"' not in body and "Reopen for changes" not in body
        assert english.post(detail_url(world), {"action": "save"}).status_code == 404
        reopen = reverse("assessment_reopen", args=[world.cohort.pk, "2582", "BM2"])
        assert english.post(reopen).status_code == 404  # participants cannot reopen
        factories.login_with_second_factor(english, world.organiser)
        assert "Reopen for changes" in english.get(detail_url(world)).content.decode()
        english.post(reopen)
        english.force_login(world.participant_a)
        body = english.get(detail_url(world)).content.decode()
        assert 'class="assessment-form"' in body and "Reopened 12 May 2027, 10:00 by" in body
    assert AuditEntry.objects.filter(action="assessment.reopen", actor=world.organiser).exists()


def test_index_and_page_use_a_fixed_number_of_queries(
    client, cohort_world, checklist, page_queries
):
    world = cohort_world
    person = world.participant_a
    factories.log_in(client, person)
    start(world)
    one = page_queries(client, reverse("checklist_index"))[0]
    for org in (world.org_b, world.org_c):
        Membership.objects.get_or_create(
            user=person, organisation=org, defaults={"team_role": "strategist"}
        )
    start(world, org=world.org_b, by=person)
    start(world, org=world.org_c, by=person, occasion=Occasion.BM2)
    body = client.get(reverse("checklist_index")).content.decode()
    assert body.count('<section class="app-enrolment"') == 3
    assert page_queries(client, reverse("checklist_index"))[0] == one
    page_one = page_queries(client, detail_url(world, "BM1"))[0]
    fill(Assessment.objects.get(organisation=world.org_a), [2] * 10, person)
    assert page_queries(client, detail_url(world, "BM1"))[0] == page_one


def test_unknown_occasion_is_404(client, two_occasions):
    client.force_login(two_occasions.participant_a)
    assert client.get(detail_url(two_occasions, "BM9")).status_code == 404


def test_the_overview_lists_the_four_occasions_with_totals(english, two_occasions):
    english.force_login(two_occasions.participant_a)
    body = english.get(
        reverse("assessment_overview", args=[two_occasions.cohort.pk, "2582"])
    ).content.decode()
    cell = r"<td class=\"govuk-table__cell[^\"]*\">"
    rows = re.findall(
        r"<th scope=\"row\" class=\"govuk-table__header\"><a [^>]+>([^<]+)</a></th>\s*"
        + cell
        + r"<strong class=\"govuk-tag[^\"]*\">([^<]+)</strong></td>\s*"
        + cell
        + r"([^<]+)</td>\s*"
        + cell
        + r"([^<]+)</td>",
        body,
    )
    assert rows == [
        ("BM1", "Draft", "10 / 10", "16"),
        ("BM2", "Draft", "10 / 10", "20"),
        ("BM3", "Not started", "0 / 10", "–"),
        ("Results conference", "Not started", "0 / 10", "–"),
    ]
    assert reverse("assessment_workbook", args=[two_occasions.cohort.pk, "2582"]) in body
    assert reverse("assessment_import", args=[two_occasions.cohort.pk, "2582"]) in body
    english.force_login(two_occasions.mentor)
    body = english.get(
        reverse("assessment_overview", args=[two_occasions.cohort.pk, "2582"])
    ).content.decode()
    assert "Download the workbook" in body and "Upload a filled-in workbook" not in body


def test_each_item_is_a_fieldset_with_radios_and_the_history_in_swedish_quotes(
    client, two_occasions
):
    client.force_login(two_occasions.participant_a)
    body = client.get(detail_url(two_occasions)).content.decode()
    item = body[body.index('id="item-1"') : body.index('id="item-2"')]
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in item
    assert 'class="govuk-radios govuk-radios--small govuk-radios--inline"' in item
    assert item.count('type="radio"') == 4 and "☐" not in body and "☑" not in body
    assert 'aria-describedby="item-1-text item-1-previous"' in item  # BM1's score is a hint
    assert "Vid BM1:" in item and "”Beslut saknas”" in item and "“" not in item
    assert 'role="status" aria-live="polite" data-item-status' in item
    client.cookies["django_language"] = "en"
    body = client.get(detail_url(two_occasions)).content.decode()
    assert "“Beslut saknas”" in body[body.index('id="item-1"') : body.index('id="item-2"')]
