"""Calendar files are read back the way a calendar program would: identity, revision, status and
above all the wall-clock time in Stockholm on both sides of the daylight-saving changes."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from meetings.calendar import CalendarEvent, build_feed_ics, build_invitation_ics

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ORGANISER = "noreply@jamstalldhetsportalen.se"


def stockholm(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def meeting(**changes) -> CalendarEvent:
    fields = {
        "uid": "meeting-7@jamstalldhetsportalen",
        "summary": "BM1 Norr – Jämställd resursfördelning",
        "starts_at": stockholm(2027, 4, 1, 9, 30),
        "ends_at": stockholm(2027, 4, 1, 16, 0),
        "description": "Dagordning:\n1. Välkommen; presentationer, frågor",
        "location": "Stadshuset, Luleå",
        "url": "https://portal.example.org/meetings/7/",
        "sequence": 3,
    }
    return CalendarEvent(**(fields | changes))


def parse(ics: bytes) -> Calendar:
    assert isinstance(ics, bytes)
    return Calendar.from_ical(ics)


def only_event(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_invitation_carries_identity_revision_and_details():
    calendar = parse(build_invitation_ics(meeting(), organiser_email=ORGANISER))
    event = only_event(calendar)
    assert calendar["PRODID"] == "-//Jämställdhetsportalen//SV"
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == "meeting-7@jamstalldhetsportalen"
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "BM1 Norr – Jämställd resursfördelning"
    assert event["DESCRIPTION"] == "Dagordning:\n1. Välkommen; presentationer, frågor"
    assert event["LOCATION"] == "Stadshuset, Luleå"
    assert event["URL"] == "https://portal.example.org/meetings/7/"
    assert event["ORGANIZER"] == f"mailto:{ORGANISER}"
    assert event.decoded("DTSTART") == stockholm(2027, 4, 1, 9, 30)
    assert event.decoded("DTEND") == stockholm(2027, 4, 1, 16, 0)
    assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)


def test_invitation_lists_attendees():
    ics = build_invitation_ics(
        meeting(), ORGANISER, attendee_emails=["a@example.org", "b@example.org"]
    )
    attendees = only_event(parse(ics))["ATTENDEE"]
    assert [str(attendee) for attendee in attendees] == [
        "mailto:a@example.org",
        "mailto:b@example.org",
    ]


def test_cancellation_has_cancel_method_and_cancelled_status():
    ics = build_invitation_ics(meeting(cancelled=True, sequence=4), ORGANISER, method="CANCEL")
    calendar = parse(ics)
    event = only_event(calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 4
    assert event["UID"] == "meeting-7@jamstalldhetsportalen"


def test_unknown_method_is_a_programming_error():
    with pytest.raises(ValueError, match="method"):
        build_invitation_ics(meeting(), ORGANISER, method="REPLY-ALL")


@pytest.mark.parametrize(
    ("wall_clock", "offset_hours"),
    [
        (stockholm(2027, 3, 26, 10, 0), 1),  # the Friday before the change on 28 March 2027
        (stockholm(2027, 3, 29, 10, 0), 2),  # the Monday after it
        (stockholm(2026, 10, 23, 10, 0), 2),  # the Friday before the change on 25 October 2026
        (stockholm(2026, 10, 26, 10, 0), 1),  # the Monday after it
    ],
    ids=["before-march-2027", "after-march-2027", "before-october-2026", "after-october-2026"],
)
@pytest.mark.parametrize("given_in", ["stockholm", "utc"])
def test_times_keep_stockholm_wall_clock_across_daylight_saving(wall_clock, offset_hours, given_in):
    starts_at = wall_clock if given_in == "stockholm" else wall_clock.astimezone(UTC)
    event = meeting(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    for ics in (build_invitation_ics(event, ORGANISER), build_feed_ics([event], name="Portal")):
        assert f"DTSTART;TZID=Europe/Stockholm:{wall_clock:%Y%m%dT%H%M%S}".encode() in ics
        start = only_event(parse(ics)).decoded("DTSTART").astimezone(STOCKHOLM)
        assert (start.hour, start.minute) == (10, 0)
        assert start.utcoffset() == timedelta(hours=offset_hours)
        assert start == wall_clock


def test_every_calendar_defines_the_stockholm_timezone_it_uses():
    for ics in (
        build_invitation_ics(meeting(), ORGANISER),
        build_feed_ics([meeting()], name="Portal"),
    ):
        calendar = parse(ics)
        assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Stockholm"]
        assert calendar.get_missing_tzids() == set()


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_bundled_timezone_definition_agrees_with_the_timezone_database():
    """Programs without their own Stockholm rules use the VTIMEZONE itself, so check it alone
    (not looked up by name) against zoneinfo around every change for years to come."""
    vtimezone = parse(build_feed_ics([], name="Portal")).timezones[0]
    from_file = vtimezone.to_tz(lookup_tzid=False)
    instants = []
    for year in range(2026, 2046):
        for month in (3, 10):
            change = datetime.combine(_last_sunday(year, month), datetime.min.time(), tzinfo=UTC)
            instants += [change + timedelta(minutes=15 * step) for step in range(-8, 16)]
        instants += [datetime(year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]
    mismatches = [
        instant
        for instant in instants
        if instant.astimezone(from_file).utcoffset() != instant.astimezone(STOCKHOLM).utcoffset()
    ]
    assert mismatches == []


def test_feed_holds_every_event_without_a_method():
    deadline = stockholm(2027, 3, 25, 9, 30)
    events = [
        meeting(),
        CalendarEvent(
            uid="deadline-7-1@jamstalldhetsportalen",
            summary="Presentation due: BM1 Norr",
            starts_at=deadline,
            ends_at=deadline,
        ),
        meeting(uid="meeting-8@jamstalldhetsportalen", cancelled=True, sequence=1),
    ]
    calendar = parse(build_feed_ics(events, name="Jämställdhetsportalen"))
    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "Jämställdhetsportalen"
    by_uid = {event["UID"]: event for event in calendar.walk("VEVENT")}
    assert set(by_uid) == {event.uid for event in events}
    point = by_uid["deadline-7-1@jamstalldhetsportalen"]
    assert point.decoded("DTSTART") == point.decoded("DTEND") == deadline
    assert by_uid["meeting-8@jamstalldhetsportalen"]["STATUS"] == "CANCELLED"
    assert by_uid["meeting-7@jamstalldhetsportalen"]["STATUS"] == "CONFIRMED"


def test_empty_feed_is_still_a_valid_calendar():
    calendar = parse(build_feed_ics([], name="Portal"))
    assert calendar.walk("VEVENT") == []
    assert calendar["VERSION"] == "2.0"


def test_empty_optional_text_is_left_out():
    event = only_event(
        parse(build_invitation_ics(meeting(description="", location="", url=""), ORGANISER))
    )
    assert "DESCRIPTION" not in event and "LOCATION" not in event and "URL" not in event


def test_text_from_users_cannot_add_calendar_lines():
    sneaky = "Agenda\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil"
    calendar = parse(build_feed_ics([meeting(summary=sneaky, description=sneaky)], name="Portal"))
    event = only_event(calendar)
    assert event["UID"] == "meeting-7@jamstalldhetsportalen"
    assert event["SUMMARY"].replace("\r\n", "\n") == sneaky.replace("\r\n", "\n")


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        build_feed_ics([meeting(starts_at=datetime(2027, 4, 1, 9, 30))], name="Portal")


def test_event_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        build_invitation_ics(meeting(ends_at=stockholm(2027, 4, 1, 9, 0)), ORGANISER)
