import pytest
from django.core.management import call_command

from meetings.models import EvaluationResponse, Feedback, ImprovementEffort

pytestmark = pytest.mark.django_db


def test_seed_demo_has_a_held_meeting_with_feedback_evaluations_and_efforts():
    call_command("seed_demo", quiet_logins=True)
    call_command("seed_demo", quiet_logins=True)
    released = Feedback.objects.filter(released_at__isnull=False)
    assert released.filter(organisation__isnull=True).count() == 1
    assert released.filter(organisation__isnull=False).count() >= 2
    assert released.values("meeting").distinct().count() == 1
    assert EvaluationResponse.objects.count() >= 2
    assert ImprovementEffort.objects.filter(report_meeting__isnull=False).count() >= 2
