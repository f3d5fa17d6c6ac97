"""Journey b) of issue 17 in the browser: the reminder job run at 8 d, 6 d 23 h, 2 d 18 h and
23 h before the deadline and just after it states the true time left or sends nothing, and an
extension the organiser grants on the board while a reminder is due sends that organisation
exactly one message that day. (The same journey without a browser is
tests/meetings/test_deadline_messages.py::test_integration_reminders_state_the_true_time_left_or_none_is_sent.)

The clock is moved with time-machine, which moves it for the live server's thread too: fixed
(``tick=False``) around each run of the job, running (``tick=True``) around the browser steps."""

from datetime import timedelta

import pytest
import time_machine

from meetings.models import Extension
from meetings.tasks import task_send_deadline_reminders
from portal.models import OutgoingEmail
from portal.selectors import organisation_members
from tests import factories
from tests.meetings.conftest import stockholm

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEADLINE = stockholm(2027, 3, 25, 9, 30)  # Thursday, a week before BM1 on 1 April
NEW_DEADLINE = stockholm(2027, 3, 29, 12, 0)  # after summer time starts on 28 March


def _deadline_messages_since(last_pk: int) -> list[OutgoingEmail]:
    return list(
        OutgoingEmail.objects.filter(pk__gt=last_pk, dedupe_key__startswith="deadline:").order_by(
            "to"
        )
    )


def _last_pk() -> int:
    last = OutgoingEmail.objects.order_by("-pk").first()
    return last.pk if last else 0


def _run_reminders(at) -> list[OutgoingEmail]:
    """The beat entry's job, run at a fixed moment; returns the deadline messages it queued."""
    before = _last_pk()
    with time_machine.travel(at, tick=False):
        task_send_deadline_reminders()
    return _deadline_messages_since(before)


def test_reminders_tell_the_true_time_left_and_an_extension_in_the_browser_sends_one_message(
    page, live_server
):
    with time_machine.travel(stockholm(2027, 3, 1, 12, 0), tick=False):
        world = factories.world()
        meeting = factories.norr_bm1_meeting(
            world,
            stockholm(2027, 4, 1, 9, 30),
            ends=stockholm(2027, 4, 1, 16, 0),
            published=True,
        )
    assert meeting.deadline == DEADLINE
    team_b = sorted(person.email for person in organisation_members(world.org_b.pk))
    assert team_b == ["b@example.org"]

    # 8 days before: no reminder's moment has come.
    assert _run_reminders(DEADLINE - timedelta(days=8)) == []

    # 6 days 23 hours 10 minutes before (the 7-day reminder is due and not yet sent), the
    # organiser gives Luleå until Monday 29 March 12.00 on the board.
    before_grant = _last_pk()
    with time_machine.travel(DEADLINE - timedelta(days=6, hours=23, minutes=10), tick=True):
        log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
        page.goto(f"{live_server.url}/meetings/{meeting.pk}/board/")
        extension = page.get_by_role("region", name="Ge förlängd frist")
        extension.locator("summary").click()
        extension.get_by_label("Organisation").fill(world.org_b.name)
        extension.get_by_label("Ny frist").fill("2027-03-29T12:00")
        extension.get_by_label("Skäl").fill("Valår")
        extension.get_by_role("button", name="Ge förlängd frist").click()
        page.get_by_text("Fristen är förlängd och organisationen har fått besked.").wait_for()
    granted = Extension.objects.get(meeting=meeting, organisation=world.org_b)
    assert granted.deadline == NEW_DEADLINE and granted.reason == "Valår"
    (notice,) = _deadline_messages_since(before_grant)
    assert notice.to == "b@example.org" and notice.kind == "extension"

    # The day's run, 6 days 23 hours before: A and the mentor get the 7-day reminder with the
    # true time left; Luleå, told its new deadline today, gets nothing more.
    sent = _run_reminders(DEADLINE - timedelta(days=6, hours=23))
    assert [m.to for m in sent] == ["a@example.org", "mentor@example.org"]
    for message in sent:
        assert "om 6 dagar och 23 timmar" in message.subject
        assert "7 dagar" not in message.subject + message.body
        assert "Den ska lämnas om 6 dagar och 23 timmar, torsdag 25 mars kl. 09.30." in message.body
    day_to_b = OutgoingEmail.objects.filter(
        to__in=team_b,
        dedupe_key__startswith=f"deadline:{meeting.pk}:",
        dedupe_key__endswith=":2027-03-18",
    )
    assert list(day_to_b) == [notice]
    assert notice.subject.endswith("Ny frist för er presentation: BM1 Norr")
    # 11 days and 39 minutes on the clock: summer time starts on 28 March.
    assert "måndag 29 mars kl. 12.00, om 11 dagar." in notice.body
    assert "torsdag 25 mars" not in notice.body
    assert "Skäl: Valår" in notice.body

    # 2 days 18 hours before: A and the mentor were told since the 7-day moment and the 1-day
    # moment has not come; Luleå's 7-day moment (22 March 11.00) has come since its notice.
    sent = _run_reminders(DEADLINE - timedelta(days=2, hours=18))
    assert [m.to for m in sent] == ["b@example.org"]
    assert "om 6 dagar och 19 timmar" in sent[0].subject
    assert "Den ska lämnas om 6 dagar och 19 timmar, måndag 29 mars kl. 12.00." in sent[0].body

    # 23 hours before: the 1-day reminder of the ordinary deadline, not to Luleå.
    sent = _run_reminders(DEADLINE - timedelta(hours=23))
    assert [m.to for m in sent] == ["a@example.org", "mentor@example.org"]
    assert all("om 23 timmar" in m.subject and "1 dag" not in m.subject for m in sent)

    # After the deadline: nothing (Luleå's own 1-day moment is three days off).
    assert _run_reminders(DEADLINE + timedelta(minutes=1)) == []
