import re

import pytest
from django.urls import reverse

from portal.models import Cluster
from tests import factories

pytestmark = pytest.mark.django_db


def test_participant_home_shows_organisation_cohort_and_cluster(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    body = client.get(reverse("home")).content.decode()
    assert "Mina organisationer" in body
    assert "Boden" in body and "Omgång 2026–2027" in body and "Norr" in body
    assert "Alla omgångar" not in body


def test_admin_home_lists_every_cohort_with_its_organisations(client, cohort_world):
    factories.log_in(client, cohort_world.admin)
    body = client.get(reverse("home")).content.decode()
    assert "Alla omgångar" in body
    for name in ["Boden", "Piteå", "Eskilstuna", "Luleå", "Lund", "Omgång 2024–2025"]:
        assert name in body


def test_organiser_home_lists_only_their_cohort(client, cohort_world):
    factories.log_in(client, cohort_world.organiser)
    body = client.get(reverse("home")).content.decode()
    assert "Omgångar du arrangerar" in body
    assert "Eskilstuna" in body and "Lund" not in body


def test_home_in_english_when_chosen(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "My organisations" in body and '<html lang="en"' in body


@pytest.mark.parametrize("role", ["admin", "organiser", "participant"])
def test_home_query_count_does_not_grow_with_organisations(client, role, page_queries):
    cohort = factories.cohort()
    cluster = Cluster.objects.create(cohort=cohort, name="K")
    first = factories.organisation("0180")
    factories.enrol(cohort, first, cluster)
    person = {
        "admin": lambda: factories.user(admin=True),
        "organiser": lambda: factories.organiser(cohort),
        "participant": lambda: factories.member(first),
    }[role]()
    factories.log_in(client, person)
    client.get(reverse("home"))  # the programme's steps come from the cache after the first page
    few, _page = page_queries(client, reverse("home"))
    for code in ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128"]:
        factories.enrol(cohort, factories.organisation(code), cluster)
        if role == "participant":
            from portal.models import Membership

            Membership.objects.create(
                user=person, organisation=factories.organisation(code), team_role="other"
            )
    more_cohort = factories.cohort()
    factories.enrol(more_cohort, first)
    assert page_queries(client, reverse("home"))[0] == few


def test_swedish_first_whatever_the_browser_asks_for(client, cohort_world):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="sv"' in body and "Logga in" in body


def test_login_page_explains_invitations_and_labels_fields(client):
    body = client.get(reverse("account_login")).content.decode()
    assert "inbjudningsmejl" in body
    assert re.search(r'<label [^>]*for="id_login"', body)
    assert re.search(r'<label [^>]*for="id_password"', body)
