import pytest
from django.apps import apps
from django.core.management import call_command

from meetings.models import Step
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.models import Cohort, Organisation, User

pytestmark = pytest.mark.django_db

SEEDED_APPS = ["portal", "meetings", "account"]


def snapshot() -> dict:
    rows = {}
    for app_label in SEEDED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows[model._meta.label] = sorted(
                (
                    tuple(sorted((k, str(v)) for k, v in row.items() if k != "last_login"))
                    for row in model.objects.values()
                ),
            )
    return rows


def test_seed_demo_twice_gives_the_same_data():
    call_command("seed_demo", quiet_logins=True)
    first = snapshot()
    call_command("seed_demo", quiet_logins=True)
    assert snapshot() == first
    assert Organisation.objects.filter(kind="region").exists()
    assert Organisation.objects.filter(kind="municipality").count() >= 6
    assert Cohort.objects.get(name__contains="2026").clusters.count() == 2
    assert list(Step.objects.values_list("position", flat=True)) == list(range(1, 9))


def test_every_demo_user_can_log_in(client):
    call_command("seed_demo", quiet_logins=True)
    for demo in DEMO_USERS:
        assert User.objects.get(email=demo.email).check_password(DEMO_PASSWORD)
    response = client.post(
        "/accounts/login/", {"login": "strateg.boden@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_seed_demo_prints_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for demo in DEMO_USERS:
        assert demo.email in out
