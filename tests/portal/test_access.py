"""Section 7 of the product: who sees which organisation and cohort; the rest answers 404."""

import re

import pytest
from django.urls import reverse

from portal import selectors
from portal.models import Cohort, Organisation
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "participant_a",
    "participant_b",
    "participant_c",
    "mentor",
    "other_cohort_participant",
    "organiser",
    "admin",
    "no_role",
]


def test_participant_sees_own_organisation_and_not_another(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    own = client.get(reverse("organisation_detail", args=[cohort_world.org_a.code]))
    assert own.status_code == 200 and "a@example.org" in own.content.decode()
    other = client.get(reverse("organisation_detail", args=[cohort_world.org_b.code]))
    missing = client.get(reverse("organisation_detail", args=["9999"]))
    assert other.status_code == missing.status_code == 404
    assert "b@example.org" not in other.content.decode()
    # The answer for a forbidden object is the same page as for one that does not exist.
    assert _normalised(other, "2581") == _normalised(missing, "9999")


def _normalised(response, code: str) -> str:
    """The page without what differs by design: the masked CSRF token and the requested path."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return body.replace(f"/{code}/", "/x/")


def test_participant_of_another_cohort_gets_404_for_the_cohort(client, cohort_world):
    client.force_login(cohort_world.other_cohort_participant)
    assert client.get(reverse("cohort_detail", args=[cohort_world.cohort.pk])).status_code == 404
    own = client.get(reverse("cohort_detail", args=[cohort_world.other_cohort.pk]))
    assert own.status_code == 200 and "Lund" in own.content.decode()


def test_mentor_reads_the_cluster_but_not_other_clusters(client, cohort_world):
    client.force_login(cohort_world.mentor)
    assert (
        client.get(reverse("organisation_detail", args=[cohort_world.org_a.code])).status_code
        == 200
    )
    assert (
        client.get(reverse("organisation_detail", args=[cohort_world.org_c.code])).status_code
        == 404
    )


def test_organiser_sees_the_cohort_only(client, cohort_world):
    factories.log_in(client, cohort_world.organiser)
    assert (
        client.get(reverse("organisation_detail", args=[cohort_world.org_c.code])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("organisation_detail", args=[cohort_world.other_cohort_org.code])
        ).status_code
        == 404
    )


def test_anonymous_is_sent_to_login(client, cohort_world):
    response = client.get(reverse("organisation_detail", args=[cohort_world.org_a.code]))
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.parametrize("role", ROLES)
def test_list_filter_and_object_rule_agree(cohort_world, role):
    user = getattr(cohort_world, role)
    visible = set(selectors.organisations_visible_to(user))
    for organisation in Organisation.objects.all():
        assert user.has_perm("portal.view_organisation", organisation) == (organisation in visible)
    visible_cohorts = set(selectors.cohorts_visible_to(user))
    for cohort in Cohort.objects.all():
        assert user.has_perm("portal.view_cohort", cohort) == (cohort in visible_cohorts)


def test_visibility_table(cohort_world):
    w = cohort_world
    expected = {
        "participant_a": {w.org_a},
        "participant_c": {w.org_c},
        "mentor": {w.mentor_org, w.org_a, w.org_b},
        "other_cohort_participant": {w.other_cohort_org},
        "organiser": {w.org_a, w.org_b, w.org_c, w.mentor_org},
        "admin": set(Organisation.objects.all()),
        "no_role": set(),
    }
    for role, organisations in expected.items():
        assert set(selectors.organisations_visible_to(getattr(w, role))) == organisations, role
