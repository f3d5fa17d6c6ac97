"""Bad input through the Django admin gets a clear message and saves nothing."""

import pytest
from django.urls import reverse

from portal.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    factories.login_with_second_factor(client, factories.user("office@example.org", admin=True))
    return client


def add(admin_client, **data):
    return admin_client.post(
        reverse("admin:portal_organisation_add"),
        {"name": "Testkommun", "kind": "municipality"} | data,
    )


def test_admin_adds_a_real_municipality(admin_client):
    response = add(admin_client, name="Kiruna", code="2584")
    assert response.status_code == 302
    assert Organisation.objects.get(code="2584").name == "Kiruna"


def test_unknown_code_is_refused(admin_client):
    response = add(admin_client, code="9999")
    assert response.status_code == 200
    assert "9999 är inte koden för någon svensk kommun eller region" in response.content.decode()
    assert not Organisation.objects.exists()


def test_malformed_code_is_refused(admin_client):
    response = add(admin_client, code="18O")
    assert "exakt fyra siffror" in response.content.decode()
    assert not Organisation.objects.exists()


def test_duplicate_code_is_refused(admin_client):
    factories.organisation("0180")
    response = add(admin_client, name="Stockholm igen", code="0180")
    assert response.status_code == 200
    assert "En organisation med den här koden finns redan" in response.content.decode()
    assert Organisation.objects.filter(code="0180").count() == 1


def test_code_of_another_type_is_refused(admin_client):
    response = add(admin_client, name="Region Stockholm", code="0001", kind="municipality")
    assert "annan typ" in response.content.decode()
    assert not Organisation.objects.exists()


def test_admin_lists_organisations(admin_client):
    factories.organisation("2584")
    body = admin_client.get(reverse("admin:portal_organisation_changelist")).content.decode()
    assert "Kiruna" in body


def test_every_admin_list_opens_for_programme_admins(admin_client):
    """With demo data in every table, each registered model's list and add page answer."""
    from django.contrib import admin
    from django.core.management import call_command

    call_command("seed_demo", quiet_logins=True)
    opened = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, model
        opened += 1
    assert opened >= 20
