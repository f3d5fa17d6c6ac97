"""iCalendar (RFC 5545) files: invitations sent by e-mail and the personal calendar feed.

Times are written as Stockholm wall-clock time with TZID=Europe/Stockholm and a VTIMEZONE,
because that is how the meetings were planned: a 10:00 meeting must stay at 10:00 in every
calendar program, on both sides of a daylight-saving change.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

STOCKHOLM_TZID = "Europe/Stockholm"
STOCKHOLM = ZoneInfo(STOCKHOLM_TZID)
PRODID = "-//Jämställdhetsportalen//SV"
ORGANISER_NAME = "Jämställdhetsportalen"
METHODS = frozenset({"PUBLISH", "REQUEST", "CANCEL"})


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts_at: datetime  # timezone-aware
    ends_at: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0  # raised on every change so calendars replace their copy
    cancelled: bool = False


def build_invitation_ics(
    event: CalendarEvent,
    organiser_email: str,
    attendee_emails: list[str] | None = None,
    method: str = "REQUEST",
) -> bytes:
    """One event for an e-mail attachment (iTIP): REQUEST for new and changed meetings,
    CANCEL (with a cancelled event) to take it out of people's calendars.

    RFC 5546 wants the ATTENDEE of a REQUEST or CANCEL to be the person the message goes to, so
    a message to many people carries one calendar per recipient, each naming only them."""
    calendar = _new_calendar()
    calendar.add("METHOD", _checked_method(method))
    vevent = _vevent(event)
    vevent.add("ORGANIZER", _mail_address(organiser_email, name=ORGANISER_NAME))
    for email in attendee_emails or []:
        vevent.add("ATTENDEE", _attendee(email))
    calendar.add_component(vevent)
    return calendar.to_ical()


def itip_content_type(method: str) -> str:
    """The MIME type of an invitation attachment: its method must match the calendar's METHOD.
    No charset here: the mail library adds the one charset parameter of a text part."""
    return f"text/calendar; method={_checked_method(method)}"


def _checked_method(method: str) -> str:
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"Unsupported iTIP method {method!r}; use one of {sorted(METHODS)}.")
    return method


def build_feed_ics(events: list[CalendarEvent], name: str) -> bytes:
    """A subscribable calendar. No METHOD: a feed is published data, not a message that
    asks for a reply, and some programs refuse to subscribe to a feed with one."""
    calendar = _new_calendar()
    calendar.add("X-WR-CALNAME", name)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()


def stockholm_timezone() -> Timezone:
    """Europe/Stockholm as a VTIMEZONE with the EU yearly rules.

    Written by hand rather than with Timezone.from_tzid(): icalendar 7 lists every change
    as RDATEs only up to 2037, puts the spring change an hour late (03:00 instead of 02:00
    local standard time) and so misplaces one hour a year; rules are also what Outlook,
    Google and Apple write and read best. EU rule: summer time from the last Sunday in March
    at 02:00 CET, winter time from the last Sunday in October at 03:00 CEST.
    """
    timezone = Timezone()
    timezone.add("TZID", STOCKHOLM_TZID)
    timezone.add_component(
        _observance(TimezoneDaylight(), "CEST", datetime(1970, 3, 29, 2, 0), 1, 2, month=3)
    )
    timezone.add_component(
        _observance(TimezoneStandard(), "CET", datetime(1970, 10, 25, 3, 0), 2, 1, month=10)
    )
    return timezone


def _observance(
    observance: TimezoneDaylight | TimezoneStandard,
    name: str,
    first_onset: datetime,
    hours_from: int,
    hours_to: int,
    *,
    month: int,
) -> TimezoneDaylight | TimezoneStandard:
    observance.add("TZNAME", name)
    observance.add("DTSTART", first_onset)
    observance.add("TZOFFSETFROM", timedelta(hours=hours_from))
    observance.add("TZOFFSETTO", timedelta(hours=hours_to))
    observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
    return observance


def _new_calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    # The definition travels with the file so programs without their own copy of the
    # Stockholm rules still place the times right.
    calendar.add_component(stockholm_timezone())
    return calendar


def _vevent(event: CalendarEvent) -> Event:
    starts_at, ends_at = _stockholm(event.starts_at), _stockholm(event.ends_at)
    if ends_at < starts_at:
        raise ValueError(f"Event {event.uid} ends before it starts.")
    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("DTSTAMP", datetime.now(UTC))
    vevent.add("DTSTART", starts_at)
    vevent.add("DTEND", ends_at)
    vevent.add("SUMMARY", event.summary)
    # Empty text properties are left out: some programs show them as blank fields.
    for prop, value in (
        ("DESCRIPTION", event.description),
        ("LOCATION", event.location),
        ("URL", event.url),
    ):
        if value:
            vevent.add(prop, value)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent


def _stockholm(moment: datetime) -> datetime:
    """Convert to Stockholm time; a naive time has no defined instant, so it is a bug."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Calendar times must be timezone-aware, got {moment!r}.")
    return moment.astimezone(STOCKHOLM)


def _mail_address(email: str, *, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email.strip()}")
    if name:
        address.params["CN"] = name
    return address


def _attendee(email: str) -> vCalAddress:
    attendee = _mail_address(email)
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    # No replies are collected by the portal, so programs should not offer to send one.
    attendee.params["RSVP"] = "FALSE"
    return attendee
