"""The analysis pages: who sees what, editing in the page, refused input and query counts."""

import html

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal.occasions import Occasion
from stakeholders import services
from stakeholders.models import AnalysisVersion, Stakeholder
from stakeholders.selectors import ROW_FIELDS
from tests import factories

from .conftest import form_data, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def test_anonymous_is_sent_to_login(client, analysis_world):
    response = client.get(analysis_world.url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "who", ["no_role", "participant_b", "participant_c", "other_cohort_participant"]
)
def test_other_organisations_get_404(client, analysis_world, who):
    world = analysis_world.world
    client.force_login(getattr(world, who))
    for name in ["stakeholder_version", "stakeholder_export_xlsx", "stakeholder_changes"]:
        assert client.get(analysis_world.url(name)).status_code == 404
    overview = reverse("stakeholder_analysis", args=[world.cohort.pk, world.org_a.code])
    assert client.get(overview).status_code == 404
    response = client.post(analysis_world.url("stakeholder_add"), form_data("new", row("Intrång")))
    assert response.status_code == 404
    assert not Stakeholder.objects.filter(name="Intrång").exists()


@pytest.mark.parametrize("who", ["mentor", "organiser", "admin"])
def test_mentor_organiser_and_admin_read_but_do_not_edit(client, analysis_world, who):
    person = getattr(analysis_world.world, who)
    factories.log_in(client, person)
    response = client.get(analysis_world.url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kommunstyrelsen" in body and "Föreningar i Öjebyn" in body
    assert "<svg" in body and "Placement in the grid" in body
    assert "Add a stakeholder" not in body and "data-enhance" not in body
    response = client.post(analysis_world.url("stakeholder_add"), form_data("new", row("Försök")))
    assert response.status_code == 404
    first = analysis_world.rows()[0]
    response = client.post(
        analysis_world.url("stakeholder_update", first.pk),
        form_data(f"s{first.pk}", row("Ändrat")),
    )
    assert response.status_code == 404
    assert [r.name for r in analysis_world.rows()][0] == "Kommunstyrelsen"


def test_member_sees_the_edit_forms(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    body = client.get(analysis_world.url()).content.decode()
    assert "Add a stakeholder" in body and "data-enhance" in body
    assert "Manage closely" in body and "Keep satisfied" in body and "Monitor" in body
    assert "2 and 3 count as high" in body


def test_member_adds_a_stakeholder_with_a_normal_post(client, analysis_world):
    world = analysis_world.world
    client.force_login(world.participant_a)
    response = client.post(
        analysis_world.url("stakeholder_add"),
        form_data("new", row("Ungdomsrådet", influence=1, interest=3, owner=world.participant_a)),
    )
    added = Stakeholder.objects.get(name="Ungdomsrådet")
    assert response.status_code == 302 and response["Location"].endswith(f"#stakeholder-{added.pk}")
    assert (added.owner, added.influence, added.interest) == (world.participant_a, 1, 3)
    analysis_world.version.refresh_from_db()
    assert analysis_world.version.revision == 4


def test_member_edits_a_row_in_the_page_and_gets_the_fresh_body(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    media = analysis_world.rows()[1]
    response = client.post(
        analysis_world.url("stakeholder_update", media.pk),
        form_data(f"s{media.pk}", row("Lokala medier", influence=3, interest=3), media.revision),
        HTTP_X_FRAGMENT="analysis-body",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "data-analysis-body" in body
    assert 'data-flash="Lokala medier was saved."' in body
    media.refresh_from_db()
    assert (media.interest, media.revision) == (3, 1)
    assert body.count('data-quadrant="manage_closely"') == 2


def test_a_stale_edit_is_refused(client, analysis_world):
    world = analysis_world.world
    client.force_login(world.participant_a)
    media = analysis_world.rows()[1]
    services.stakeholder_update(stakeholder=media, by=world.participant_a, channel="Radio")
    response = client.post(
        analysis_world.url("stakeholder_update", media.pk),
        form_data(f"s{media.pk}", row("Lokala medier", channel="Tidning"), revision=0),
    )
    assert response.status_code == 400
    assert "Someone else saved this stakeholder" in response.content.decode()
    media.refresh_from_db()
    assert media.channel == "Radio"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"influence": 4}, "influence", "Select a valid choice"),
        ({"interest": 0}, "interest", "Select a valid choice"),
        ({"category": "aliens"}, "category", "Select a valid choice"),
        ({"name": ""}, "name", "This field is required"),
        ("other_org_owner", "owner", "The owner must be a member of the organisation's team"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, analysis_world, overrides, field, message):
    world = analysis_world.world
    client.force_login(world.participant_a)
    if overrides == "other_org_owner":
        overrides = {"owner": world.participant_b.pk}
    before = list(Stakeholder.objects.values_list("pk", "name", "influence", "owner"))
    values = row("Nytt namn")
    values.update(overrides)
    response = client.post(
        analysis_world.url("stakeholder_add"),
        form_data("new", values),
        HTTP_X_FRAGMENT="analysis-body",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert message in html.unescape(body)
    assert f'id="id_new-{field}_error"' in body
    field_tag = body.split(f'id="id_new-{field}"')[0].rsplit("<", 1)[1]
    field_tag += body.split(f'id="id_new-{field}"')[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in field_tag and f"id_new-{field}_error" in field_tag
    assert list(Stakeholder.objects.values_list("pk", "name", "influence", "owner")) == before


def test_the_service_refuses_each_kind_of_bad_row(analysis_world):
    world = analysis_world.world
    cases = [
        (row(influence=4), "influence"),
        (row(interest=0), "interest"),
        (row(category="aliens"), "category"),
        (row(name="  "), "name"),
        (row(owner=world.participant_b), "owner"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.stakeholder_add(
                version=analysis_world.version, by=world.participant_a, **values
            )
        assert field in refused.value.message_dict
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.stakeholder_add(
            version=analysis_world.version, by=world.participant_a, **row(owner=world.mentor)
        )
    assert refused.value.message_dict["owner"] == [
        "The owner must be a member of the organisation's team."
    ]
    assert Stakeholder.objects.count() == 3


def test_member_removes_a_stakeholder(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    media = analysis_world.rows()[1]
    response = client.post(analysis_world.url("stakeholder_remove", media.pk))
    assert response.status_code == 302
    assert [r.name for r in analysis_world.rows()] == ["Kommunstyrelsen", "Föreningar i Öjebyn"]


def test_member_starts_the_next_version_and_marks_it_ready(client, analysis_world):
    world = analysis_world.world
    client.force_login(world.participant_a)
    overview = reverse("stakeholder_analysis", args=[world.cohort.pk, world.org_a.code])
    response = client.post(overview, {"occasion": Occasion.BM2})
    bm2 = AnalysisVersion.objects.get(occasion=Occasion.BM2)
    assert response.status_code == 302 and bm2.stakeholders.count() == 3
    analysis_world.version = bm2
    client.post(analysis_world.url("stakeholder_version_ready"), {"ready": "1"})
    bm2.refresh_from_db()
    assert bm2.ready_at is not None and bm2.ready_by == world.participant_a
    body = client.get(overview).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Up to date</strong>' in body


def test_the_mentor_cannot_start_a_version(client, analysis_world):
    world = analysis_world.world
    client.force_login(world.mentor)
    overview = reverse("stakeholder_analysis", args=[world.cohort.pk, world.org_a.code])
    assert client.get(overview).status_code == 200
    assert client.post(overview, {"occasion": Occasion.BM2}).status_code == 404
    assert not AnalysisVersion.objects.filter(occasion=Occasion.BM2).exists()


@pytest.mark.parametrize("who", ["participant_a", "mentor"])
def test_the_page_makes_the_same_queries_for_1_and_30_stakeholders(
    client, analysis_world, who, page_queries
):
    world = analysis_world.world
    client.force_login(getattr(world, who))
    for stakeholder in analysis_world.rows()[1:]:
        services.stakeholder_remove(stakeholder=stakeholder, by=world.participant_a)
    one, _page = page_queries(client, analysis_world.url())
    for number in range(29):
        services.stakeholder_add(
            version=analysis_world.version,
            by=world.participant_a,
            **row(f"Intressent {number}", owner=world.participant_a),
        )
    body = client.get(analysis_world.url()).content.decode()
    assert "Intressent 28" in body
    assert page_queries(client, analysis_world.url())[0] == one


def test_the_edit_form_preselects_influence_and_interest_and_saves_unchanged(
    client, analysis_world
):
    """The edit form of a stored row shows every stored value, so sending it back as the
    browser would, without a change, saves."""
    client.force_login(analysis_world.world.participant_a)
    media = analysis_world.rows()[1]
    action = analysis_world.url("stakeholder_update", media.pk)
    page = lxml.html.fromstring(client.get(analysis_world.url()).content)
    (form,) = [form for form in page.forms if form.get("action") == action]
    sent = dict(form.form_values())
    assert (sent[f"s{media.pk}-influence"], sent[f"s{media.pk}-interest"]) == ("3", "1")
    response = client.post(action, sent)
    assert response.status_code == 302
    saved = Stakeholder.objects.get(pk=media.pk)
    assert {name: getattr(saved, name) for name in ROW_FIELDS} == {
        name: getattr(media, name) for name in ROW_FIELDS
    }


def test_versions_are_a_list_of_links_and_their_states_tags_in_sentence_case(
    client, analysis_world
):
    world = analysis_world.world
    client.force_login(world.participant_a)
    body = client.get(analysis_world.url()).content.decode()
    nav = body[body.index('<nav class="app-version-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.count("<li") == 1 and 'aria-current="page">BM1</a>' in nav
    assert '<strong class="govuk-tag govuk-tag--blue">Updated</strong>' in body
    assert body.count('class="govuk-summary-card app-stakeholder"') == 3
    overview = reverse("stakeholder_analysis", args=[world.cohort.pk, world.org_a.code])
    page = client.get(overview).content.decode()
    assert 'class="govuk-task-list"' in page
    assert '<strong class="govuk-tag govuk-tag--blue">Updated</strong>' in page
