"""The staff pages in the portal: audit log, e-mail outbox, people, evaluation spread."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Step
from portal.audit import audit_action_label, audit_record
from portal.models import AuditEntry, OutgoingEmail, User
from tests import factories
from tests.meetings.conftest import stockholm

SPARE_CODES = ["0114", "0115", "0117", "0120", "0123"]


def _table(page: str) -> str:
    return page[page.index("<table") : page.index("</table>")] if "<table" in page else ""


def _meeting(world, title: str, *, cohort=None, cluster=None, by=None):
    from meetings.demo import seed_step_tasks, seed_steps

    seed_steps()
    seed_step_tasks()
    return meeting_services.meeting_create(
        cohort=cohort or world.cohort,
        cluster=cluster,
        step=Step.objects.get(code="bm1"),
        title=title,
        starts_at=stockholm(2027, 4, 1, 9, 30),
        ends_at=stockholm(2027, 4, 1, 16, 0),
        by=by or world.organiser,
    )


# --- Audit log ---------------------------------------------------------------------------------


def test_action_codes_have_swedish_words_and_unknown_ones_fall_back_to_the_code():
    assert audit_action_label("meeting.remind_behind") == "Påminnelse till de som ligger efter"
    assert audit_action_label("something.unknown") == "something.unknown"


def test_admins_read_every_entry_with_readable_labels_and_filters(client, cohort_world):
    world = cohort_world
    norr = _meeting(world, "BM1 Norr", cluster=world.cluster)
    _meeting(world, "BM1 Mitt", cluster=world.other_cluster)
    audit_record(actor=world.admin, action="meeting.remind_behind", obj=norr)
    audit_record(actor=world.admin, action="invitation.create", obj=world.org_c)
    factories.log_in(client, world.admin)
    page = _table(client.get(reverse("audit_log")).content.decode())
    assert "Påminnelse till de som ligger efter" in page and "Mötet skapades" in page
    assert "BM1 Mitt" in page and "meeting.remind_behind" not in page
    only_norr = _table(client.get(reverse("audit_log"), {"meeting": norr.pk}).content.decode())
    assert "BM1 Norr" in only_norr and "BM1 Mitt" not in only_norr
    by_kind = client.get(reverse("audit_log"), {"action": "meeting.remind_behind"}).content
    assert _table(by_kind.decode()).count('<tr class="govuk-table__row">') == 2  # header, entry
    by_org = _table(
        client.get(reverse("audit_log"), {"organisation": world.org_c.pk}).content.decode()
    )
    assert "Inbjudan skickades" in by_org and "Mötet skapades" not in by_org
    by_person = client.get(reverse("audit_log"), {"person": "nobody-like-this"}).content.decode()
    assert "Inga händelser matchar filtret." in by_person


def test_organisers_read_the_entries_of_their_cohorts_only(client, cohort_world):
    world = cohort_world
    _meeting(world, "BM1 Norr", cluster=world.cluster)
    other = _meeting(world, "Tidigare omgång", cohort=world.other_cohort, by=world.admin)
    audit_record(actor=world.admin, action="user.remove", obj=world.no_role)
    factories.log_in(client, world.organiser)
    full_page = client.get(reverse("audit_log")).content.decode()
    meeting_filter = full_page[full_page.index('id="audit-meeting"') :]
    assert f'value="{other.pk}"' not in meeting_filter[: meeting_filter.index("</select>")]
    page = _table(full_page)
    assert "BM1 Norr" in page
    assert "Tidigare omgång" not in page and "Person borttagen" not in page
    # A meeting of another cohort is not offered and not honoured as a filter.
    ignored = client.get(reverse("audit_log"), {"meeting": other.pk}).content.decode()
    assert "BM1 Norr" in _table(ignored)


@pytest.mark.parametrize("role", ["participant_a", "mentor", "no_role"])
def test_the_audit_log_is_for_staff(client, cohort_world, role):
    factories.log_in(client, getattr(cohort_world, role))
    assert client.get(reverse("audit_log")).status_code == 404
    assert client.get(reverse("outbox")).status_code == 404


def test_audit_log_query_count_is_flat_in_entries_and_organisations(
    client, cohort_world, page_queries
):
    world = cohort_world
    _meeting(world, "Första", cluster=world.cluster)
    factories.log_in(client, world.organiser)
    few = page_queries(client, reverse("audit_log"))[0]
    for number in range(5):
        meeting = _meeting(world, f"Träff {number}", cluster=world.cluster)
        organisation = factories.organisation(SPARE_CODES[number])
        factories.enrol(world.cohort, organisation, world.cluster)
        audit_record(actor=world.organiser, action="meeting.update", obj=meeting)
    assert page_queries(client, reverse("audit_log"))[0] == few
    factories.log_in(client, world.admin)
    audit_record(actor=world.admin, action="invitation.create", obj=world.org_a)
    few_admin = page_queries(client, reverse("audit_log"), {"organisation": world.org_a.pk})[0]
    for _number in range(5):
        audit_record(actor=world.admin, action="invitation.create", obj=world.org_a)
    assert (
        page_queries(client, reverse("audit_log"), {"organisation": world.org_a.pk})[0] == few_admin
    )


def test_the_audit_log_is_paginated(client, cohort_world):
    world = cohort_world
    for _number in range(55):
        audit_record(actor=world.admin, action="invitation.create", obj=world.org_a)
    factories.log_in(client, world.admin)
    first = client.get(reverse("audit_log"), {"action": "invitation.create"}).content.decode()
    assert (
        "Sida 1 av 2 (55 totalt)" in first
        and "page=2" in first
        and "action=invitation.create" in first
    )
    second = client.get(reverse("audit_log"), {"action": "invitation.create", "page": 2}).content
    assert second.decode().count("Inbjudan skickades</td>") == 5


# --- Outbox ------------------------------------------------------------------------------------


def _email(to: str, subject: str, status: str, **extra) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        kind="test", to=to, subject=subject, body="Hej", status=status, **extra
    )


def test_outbox_search_and_status_filter(client, cohort_world):
    _email("anna@example.org", "Påminnelse BM1", OutgoingEmail.Status.SENT)
    _email("bertil@example.org", "Inbjudan BM2", OutgoingEmail.Status.FAILED, last_error="550")
    factories.log_in(client, cohort_world.admin)
    page = client.get(reverse("outbox"), {"q": "anna"}).content.decode()
    assert "Påminnelse BM1" in page and "Inbjudan BM2" not in page
    failed = client.get(reverse("outbox"), {"status": "failed"}).content.decode()
    assert "Inbjudan BM2" in failed and "Påminnelse BM1" not in failed
    assert "Skicka igen" in failed and "Misslyckades" in failed


def test_a_failed_message_is_sent_again_through_the_outbox_and_audited(
    client, cohort_world, mail_on_commit
):
    email = _email("bertil@example.org", "Inbjudan BM2", OutgoingEmail.Status.FAILED, attempts=5)
    sent = _email("anna@example.org", "Påminnelse", OutgoingEmail.Status.SENT)
    factories.log_in(client, cohort_world.admin)
    with mail_on_commit():
        response = client.post(reverse("outbox_resend", args=[email.pk]), follow=True)
    assert "ligger i kö för att skickas igen" in response.content.decode()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1
    assert [message.to for message in mail_on_commit.outbox] == [["bertil@example.org"]]
    entry = AuditEntry.objects.get(action="email.resend")
    assert entry.actor == cohort_world.admin and entry.before["status"] == "failed"
    refused = client.post(reverse("outbox_resend", args=[sent.pk]), follow=True)
    assert "Bara ett meddelande som misslyckats kan skickas igen." in refused.content.decode()
    assert AuditEntry.objects.filter(action="email.resend").count() == 1


def test_outbox_query_count_is_flat(client, cohort_world, page_queries):
    factories.log_in(client, cohort_world.admin)
    _email("a@example.org", "Ett", OutgoingEmail.Status.FAILED)
    few = page_queries(client, reverse("outbox"))[0]
    for number in range(10):
        _email(f"p{number}@example.org", f"Nr {number}", OutgoingEmail.Status.QUEUED)
    assert page_queries(client, reverse("outbox"))[0] == few


# --- People ------------------------------------------------------------------------------------


def test_people_shows_organisation_role_invitation_and_never_offers_to_remove_oneself(
    client, cohort_world
):
    world = cohort_world
    factories.log_in(client, world.admin)
    page = client.get(reverse("people")).content.decode()
    assert "Arrangör för Omgång 2026–2027" in page
    assert (
        f'href="{reverse("organisation_detail", args=[world.org_a.code])}#invite-heading"' in page
    )
    assert "Kontot skapades utan inbjudan" in page
    assert reverse("user_remove", args=[world.participant_a.pk]) in page
    assert reverse("user_remove", args=[world.admin.pk]) not in page
    assert "Du kan inte ta bort dig själv." in page


def test_people_never_offers_to_remove_the_last_admin(cohort_world):
    from portal.selectors import people_rows

    world = cohort_world
    other_admin = factories.user("second-admin@example.org", admin=True)
    rows = {row.person.pk: row for row in people_rows([world.admin, other_admin], by=world.admin)}
    assert rows[other_admin.pk].removable and not rows[world.admin.pk].removable
    User.objects.filter(pk=other_admin.pk).update(is_active=False)
    rows = people_rows([world.admin], by=other_admin)
    assert not rows[0].removable  # the only active admin


def test_people_query_count_is_flat(client, cohort_world, page_queries):
    world = cohort_world
    factories.log_in(client, world.admin)
    few = page_queries(client, reverse("people"))[0]
    for number in range(5):
        organisation = factories.organisation(SPARE_CODES[number])
        factories.enrol(world.cohort, organisation, world.cluster)
        factories.member(organisation, f"person{number}@example.org")
        factories.organiser(world.cohort, f"org{number}@example.org")
    assert page_queries(client, reverse("people"))[0] == few


# --- Evaluation results --------------------------------------------------------------------------


def test_evaluation_results_draw_the_spread_with_unlocalised_coordinates(
    client, cohort_world, page_queries
):
    world = cohort_world
    meeting = _meeting(world, "BM1 Norr", cluster=world.cluster)
    meeting_services.meeting_publish(meeting=meeting, by=world.organiser)
    after = meeting.ends_at + timedelta(hours=1)
    factories.log_in(client, world.organiser)
    url = reverse("evaluation_results", args=[meeting.pk])
    few = page_queries(client, url)[0]
    for person, overall in ((world.participant_a, 4), (world.participant_b, 4), (world.mentor, 2)):
        meeting_services.evaluation_submit(
            meeting=meeting, by=person, overall=overall, usefulness=5, arrangements=3, now=after
        )
    count, response = page_queries(client, url)
    assert count == few
    page = response.content.decode()
    overall = page[page.index('id="spread-overall"') : page.index('id="spread-usefulness"')]
    # Two people answered 4 (the table repeats the bars as figures).
    assert re.search(r'<th scope="row"[^>]*>4</th>\s*<td[^>]*>2</td>', overall)
    assert (
        'width="200"' in overall
        and 'width="100"' in overall
        and "," not in overall.split("<svg")[1][:120]
    )
    assert "Medelvärde: 3,3" in overall
