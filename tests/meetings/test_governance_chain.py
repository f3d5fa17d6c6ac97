"""The governance chain (styrkedjan): the service (all or nothing: a link marked twice, a wrong
occasion, a stranger), the selector's BM1 → BM3 change, who reads and who writes the page, and
the page's queries with 3 and 311 organisations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings.demo_governance_chain import seed_governance_chains
from meetings.governance_diagram import narrow_diagram, wide_diagram
from meetings.models import GovernanceLink
from meetings.selectors.governance_chain import governance_chain
from meetings.services.governance_chain import LinkEntry, governance_chain_save
from portal.audit import AuditEntry
from portal.demo import CURRENT_COHORT, seed_core
from portal.models import Enrolment, Organisation, TeamRole
from portal.occasions import Occasion
from tests import factories

pytestmark = pytest.mark.django_db

L, S = GovernanceLink.Link, GovernanceLink.State
BM1_CHAIN = [
    LinkEntry(L.GOALS, S.PARTLY, "Ett av fyra mål nämner jämställdhet.", "Kommundirektören"),
    LinkEntry(L.BUDGET, S.MISSING, "Ingen könsuppdelad analys.", "Ekonomichefen", ("controller",)),
    LinkEntry(L.COMMITTEE_PLANS, S.PARTLY),
    LinkEntry(L.OPERATIONAL_PLANS, S.MISSING),
    LinkEntry(L.FOLLOW_UP, S.INTEGRATED, "Årsredovisningen redovisar per kön."),
    LinkEntry(L.DECISION_PAPERS, S.INTEGRATED),
]


def save(world, links, occasion=Occasion.BM1, by=None, organisation=None, cohort=None):
    return governance_chain_save(
        organisation=organisation or world.org_a,
        cohort=cohort or world.cohort,
        occasion=occasion,
        links=links,
        by=by or world.participant_a,
    )


def chain_url(world, occasion="BM1", organisation=None) -> str:
    return reverse("governance_chain", args=[(organisation or world.org_a).code, occasion])


def post_data(states: dict[str, str], **extra) -> dict:
    data = {f"{link}-state": state for link, state in states.items()}
    data.update(extra)
    return data


# --- The service ---------------------------------------------------------------------------------


def test_the_team_saves_the_chain_audited_with_roles_in_order(cohort_world):
    world = cohort_world
    changed = save(world, BM1_CHAIN)
    assert changed == GovernanceLink.LINK_ORDER
    budget = GovernanceLink.objects.get(link=L.BUDGET, occasion=Occasion.BM1)
    assert budget.state == S.MISSING and budget.roles == ["controller"]
    assert budget.updated_by == world.participant_a
    assert AuditEntry.objects.filter(action="governance_chain.save").count() == 1
    # Saving the same again changes nothing and records nothing.
    assert save(world, BM1_CHAIN) == []
    assert AuditEntry.objects.filter(action="governance_chain.save").count() == 1


def test_a_link_marked_twice_is_refused_and_nothing_is_saved(cohort_world):
    world = cohort_world
    twice = [*BM1_CHAIN, LinkEntry(L.BUDGET, S.INTEGRATED)]
    with pytest.raises(ValidationError) as error:
        save(world, twice)
    assert "Budget" in str(error.value) and "mer än en gång" in str(error.value)
    assert not GovernanceLink.objects.exists()
    assert not AuditEntry.objects.filter(action="governance_chain.save").exists()


@pytest.mark.parametrize("occasion", [Occasion.BM2, Occasion.RESULTS, "BM9"])
def test_the_chain_is_only_kept_for_bm1_and_bm3(cohort_world, occasion):
    with pytest.raises(ValidationError) as error:
        save(cohort_world, BM1_CHAIN, occasion=occasion)
    assert "BM1" in str(error.value) and "BM3" in str(error.value)
    assert not GovernanceLink.objects.exists()


@pytest.mark.parametrize(
    "entry, field",
    [
        (LinkEntry(L.BUDGET, "perfect"), "budget-state"),
        (LinkEntry(L.BUDGET, S.PARTLY, roles=("astronaut",)), "budget-roles"),
        (LinkEntry(L.BUDGET, S.PARTLY, evidence="x" * 2001), "budget-evidence"),
        (LinkEntry(L.BUDGET, S.PARTLY, owner="x" * 201), "budget-owner"),
        (LinkEntry("treasury", S.PARTLY), None),
    ],
)
def test_bad_input_gets_a_swedish_message_and_saves_nothing(cohort_world, entry, field):
    with pytest.raises(ValidationError) as error:
        save(cohort_world, [BM1_CHAIN[0], entry])
    if field:
        assert field in error.value.message_dict
    assert not GovernanceLink.objects.exists()


def test_strangers_and_readers_may_not_save(cohort_world):
    world = cohort_world
    for person in (world.participant_b, world.mentor, world.organiser, world.no_role):
        with pytest.raises(PermissionDenied):
            save(world, BM1_CHAIN, by=person)
    assert not GovernanceLink.objects.exists()


def test_the_organisation_must_be_enrolled_in_the_cohort(cohort_world):
    world = cohort_world
    with pytest.raises(ValidationError) as error:
        save(world, BM1_CHAIN, cohort=world.other_cohort)
    assert "inte med i" in str(error.value)
    assert not GovernanceLink.objects.exists()


# --- The selector --------------------------------------------------------------------------------


def test_at_bm3_the_chain_shows_bm1_beside_it_and_the_change(cohort_world):
    world = cohort_world
    save(world, BM1_CHAIN)
    save(
        world,
        [
            LinkEntry(L.GOALS, S.INTEGRATED, "Alla mål har könsuppdelade mått."),
            LinkEntry(L.BUDGET, S.MISSING),
            LinkEntry(L.FOLLOW_UP, S.PARTLY),
        ],
        occasion=Occasion.BM3,
    )
    chain = governance_chain(
        organisation_id=world.org_a.pk, cohort_id=world.cohort.pk, occasion=Occasion.BM3
    )
    by_link = {link.link: link for link in chain.links}
    assert [link.link for link in chain.links] == GovernanceLink.LINK_ORDER
    assert (by_link[L.GOALS].bm1_state, by_link[L.GOALS].state) == (S.PARTLY, S.INTEGRATED)
    assert by_link[L.GOALS].change == "better" and by_link[L.GOALS].change_label == "Bättre"
    assert by_link[L.BUDGET].change == "same"
    assert by_link[L.FOLLOW_UP].change == "worse"
    # Not revisited: BM1's values, no change.
    plans = by_link[L.COMMITTEE_PLANS]
    assert (plans.state, plans.revisited, plans.change) == (S.PARTLY, False, "")
    assert chain.initial()["goals-evidence"] == "Alla mål har könsuppdelade mått."
    assert chain.initial()["committee_plans-state"] == S.PARTLY
    assert chain.revisited == 3
    assert {count.state: count.count for count in chain.counts} == {
        S.INTEGRATED: 2,
        S.PARTLY: 2,
        S.MISSING: 2,
    }


def test_a_link_first_marked_at_bm3_is_new(cohort_world):
    world = cohort_world
    save(world, BM1_CHAIN[:2])
    save(world, [LinkEntry(L.DECISION_PAPERS, S.PARTLY)], occasion=Occasion.BM3)
    chain = governance_chain(
        organisation_id=world.org_a.pk, cohort_id=world.cohort.pk, occasion=Occasion.BM3
    )
    papers = next(link for link in chain.links if link.link == L.DECISION_PAPERS)
    assert (papers.bm1_state, papers.change, papers.change_label) == ("", "new", "Ny sedan BM1")


def test_the_diagram_tells_each_state_in_words_in_both_layouts(cohort_world):
    world = cohort_world
    save(world, BM1_CHAIN)
    save(world, [LinkEntry(L.GOALS, S.INTEGRATED)], occasion=Occasion.BM3)
    chain = governance_chain(
        organisation_id=world.org_a.pk, cohort_id=world.cohort.pk, occasion=Occasion.BM3
    )
    for diagram in (wide_diagram(chain), narrow_diagram(chain)):
        assert len(diagram.boxes) == 6 and len(diagram.arrows) == 5
        goals = diagram.boxes[0]
        texts = [text.text for text in goals.texts]
        assert "Integrerat" in texts and "Vid BM1: Delvis" in texts
        assert "Förändring: Bättre" in texts
        assert goals.style == "integrated"
        assert "Fullmäktiges mål: Integrerat" in diagram.description
        assert "," not in diagram.width + diagram.height


# --- The page ------------------------------------------------------------------------------------


def test_the_team_marks_the_chain_on_the_page_and_sees_it(client, cohort_world):
    world = cohort_world
    factories.log_in(client, world.participant_a)
    page = client.get(chain_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Styrkedjan" in body and "Ingen länk i kedjan har markerats än" in body
    states = {link: S.PARTLY for link in GovernanceLink.LINK_ORDER}
    states[L.BUDGET] = S.MISSING
    response = client.post(
        chain_url(world),
        post_data(
            states,
            **{
                "budget-evidence": "Budgeten saknar könsuppdelad analys.",
                "budget-owner": "Ekonomichefen",
                "budget-roles": ["controller", "politician"],
            },
        ),
    )
    assert response.status_code == 302
    page = client.get(chain_url(world))
    body = page.content.decode()
    assert "Styrkedjan sparades." in body
    assert 'id="chain-diagram-wide"' in body and "<title" in body and "<desc" in body
    assert "Budgeten saknar könsuppdelad analys." in body
    budget = GovernanceLink.objects.get(link=L.BUDGET)
    assert budget.roles == ["politician", "controller"] and budget.owner == "Ekonomichefen"


def test_evidence_without_a_state_is_refused_with_the_field_named(client, cohort_world):
    world = cohort_world
    factories.log_in(client, world.participant_a)
    response = client.post(
        chain_url(world),
        post_data({L.GOALS: S.PARTLY}, **{"budget-evidence": "Något om budgeten"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'href="#id_budget-state_0"' in body
    assert "Välj om ett jämställdhetsperspektiv" in body
    assert not GovernanceLink.objects.exists()


def test_the_bm3_page_starts_from_bm1_and_shows_the_change(client, cohort_world):
    world = cohort_world
    save(world, BM1_CHAIN)
    factories.log_in(client, world.participant_a)
    body = client.get(chain_url(world, "BM3")).content.decode()
    assert "Inte omprövad än" in body
    assert 'value="partly" checked' in body  # the goals' BM1 state starts the form
    states = {entry.link: entry.state for entry in BM1_CHAIN}
    states[L.BUDGET] = S.INTEGRATED
    assert client.post(chain_url(world, "BM3"), post_data(states)).status_code == 302
    body = client.get(chain_url(world, "BM3")).content.decode()
    assert "Förändring: Bättre" in body
    assert GovernanceLink.objects.filter(occasion=Occasion.BM3).count() == 6


def test_other_occasions_are_not_found(client, cohort_world):
    world = cohort_world
    factories.log_in(client, world.participant_a)
    assert client.get(chain_url(world, "BM2")).status_code == 404
    assert client.post(chain_url(world, "BM2"), post_data({L.GOALS: S.PARTLY})).status_code == 404
    assert not GovernanceLink.objects.exists()


def test_mentors_and_organisers_read_the_chain_but_do_not_write(client, cohort_world):
    world = cohort_world
    save(world, BM1_CHAIN)
    for reader in (world.mentor, world.organiser, world.admin):
        client.logout()
        factories.log_in(client, reader)
        page = client.get(chain_url(world))
        assert page.status_code == 200, reader
        body = page.content.decode()
        assert "Ett av fyra mål nämner jämställdhet." in body
        assert "chain-form" not in body
        response = client.post(chain_url(world), post_data({L.GOALS: S.MISSING}))
        assert response.status_code == 404
    assert GovernanceLink.objects.get(link=L.GOALS).state == S.PARTLY


def test_other_organisations_and_strangers_get_not_found(client, cohort_world):
    world = cohort_world
    save(world, BM1_CHAIN)
    for stranger in (
        world.participant_b,
        world.participant_c,
        world.other_cohort_participant,
        world.no_role,
    ):
        client.logout()
        factories.log_in(client, stranger)
        assert client.get(chain_url(world)).status_code == 404, stranger
        response = client.post(chain_url(world), post_data({L.GOALS: S.MISSING}))
        assert response.status_code == 404
    client.logout()
    assert client.get(chain_url(world)).status_code == 302  # to the login
    assert GovernanceLink.objects.get(link=L.GOALS).state == S.PARTLY


def test_the_page_makes_as_many_queries_with_3_as_with_311_organisations(
    client, cohort_world, page_queries
):
    world = cohort_world
    save(world, BM1_CHAIN)
    save(world, BM1_CHAIN[:3], occasion=Occasion.BM3)
    factories.log_in(client, world.organiser)
    few = page_queries(client, chain_url(world, "BM3"))[0]
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"9{number:03d}", name=f"Kommun {number}") for number in range(308)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=world.cohort, organisation=organisation, cluster=world.cluster)
        for organisation in organisations
    )
    GovernanceLink.objects.bulk_create(
        GovernanceLink(
            organisation=organisation,
            cohort=world.cohort,
            occasion=Occasion.BM1,
            link=link,
            state=S.PARTLY,
            roles=[TeamRole.MANAGER],
        )
        for organisation in organisations
        for link in GovernanceLink.LINK_ORDER
    )
    assert Enrolment.objects.filter(cohort=world.cohort).count() >= 311
    many, response = page_queries(client, chain_url(world, "BM3"))
    assert many == few
    assert "Ett av fyra mål nämner jämställdhet." in response.content.decode()


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_fills_bm1_chains_and_a_bm3_draft_for_boden_idempotently(db):
    seed_core()
    seed_governance_chains()
    seed_governance_chains()
    benchmarking = Enrolment.objects.filter(
        cohort__name=CURRENT_COHORT, role=Enrolment.Role.BENCHMARKING
    )
    bm1 = GovernanceLink.objects.filter(occasion=Occasion.BM1)
    assert bm1.count() == 6 * benchmarking.count()
    boden = benchmarking.get(organisation__code="2582")
    chain = governance_chain(
        organisation_id=boden.organisation_id, cohort_id=boden.cohort_id, occasion=Occasion.BM3
    )
    assert chain.revisited == 3
    assert {link.change for link in chain.links if link.revisited} == {"better"}
