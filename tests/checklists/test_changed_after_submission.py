"""A self-assessment changed after it was submitted says so on its page: when and by whom."""

import pytest
import time_machine
from django.urls import reverse

from checklists import services
from portal.models import Membership
from tests import factories

from .conftest import fill, start, stockholm

pytestmark = pytest.mark.django_db


def test_a_score_saved_after_submission_shows_the_change_when_and_by_whom(
    client, cohort_world, checklist
):
    world = cohort_world
    colleague = factories.user("kollega@example.org", name="Kim Kollega")
    Membership.objects.create(user=colleague, organisation=world.org_a)
    url = reverse("assessment_detail", args=[world.cohort.pk, world.org_a.code, "BM1"])
    with time_machine.travel(stockholm(2027, 3, 1, 10, 0), tick=False):
        assessment = start(world)
        fill(assessment, [2] * 10, world.participant_a)
        services.assessment_set_details(
            assessment=assessment,
            participants=[world.participant_a],
            other_participants="",
            assessed_on=None,
            by=world.participant_a,
        )
    with time_machine.travel(stockholm(2027, 3, 2, 10, 0), tick=False):
        services.assessment_submit(assessment=assessment, by=world.participant_a)
        client.force_login(world.participant_a)
        page = client.get(url).content.decode()
    assert "Inskickad 2 mars 2027, 10:00" in page
    assert "Ändrad efter inskickning" not in page

    with time_machine.travel(stockholm(2027, 3, 4, 14, 5), tick=False):
        fill(assessment, [3] + [2] * 9, colleague)
        page = client.get(url).content.decode()
    assert "Inskickad 2 mars 2027, 10:00" in page
    assert "Ändrad efter inskickning 4 mars 2027, 14:05 av Kim Kollega" in page
