"""The pages a Swedish public-sector service must have, open to everyone (logged in or not, and
to staff still at the second-factor step): the accessibility statement, how personal data is
processed, and help for each role with a contact.

The facts they state are read from where the portal applies them (settings and the portal's
own constants), so the pages cannot promise other periods or limits than the code keeps. The
organisation behind the service and its contacts come from settings: each operator sets its own.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from .numbers import format_number
from .staged_imports import PENDING_IMPORT_VALID

# The supervisory authority's form for reporting a public body's digital service.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
IMY_URL = "https://www.imy.se"

# Defaults of a new meeting (the meetings app's Meeting model; a test keeps them equal). The
# portal does not import the apps, so the help page states them from here.
DEFAULT_DEADLINE_DAYS_BEFORE = 7
DEFAULT_EVALUATION_DAYS = 14


@dataclass(frozen=True)
class KnownGap:
    """Content that does not yet meet the requirements: what, why it matters, the WCAG
    success criteria it fails, what to do meanwhile, and when it will be fixed."""

    title: Promise
    problem: Promise
    criteria: str
    meanwhile: Promise
    fix_by: date


KNOWN_GAPS = (
    KnownGap(
        title=_("PDF documents"),
        problem=_(
            "The PDF files the portal makes (agendas, feedback, checklist and comparison "
            "reports, stakeholder analyses) are not tagged: a screen reader cannot tell their "
            "headings, lists and tables apart, and may read the text in the wrong order."
        ),
        criteria="1.3.1, 1.3.2, 2.4.2",
        meanwhile=_(
            "The same content is on the portal's own pages: the meeting page, the feedback "
            "page, the self-assessment and the stakeholder analysis."
        ),
        fix_by=date(2027, 3, 31),
    ),
    KnownGap(
        title=_("Prefilled PowerPoint templates"),
        problem=_(
            "The prefilled presentation template has no text alternative for its chart of "
            "checklist results or for the stakeholder grid, and the reading order of its "
            "slides has not been checked."
        ),
        criteria="1.1.1, 1.3.2",
        meanwhile=_(
            "The checklist results and the stakeholder grid are shown as tables on the "
            "self-assessment and stakeholder analysis pages. Add alternative text in "
            "PowerPoint before you share the presentation."
        ),
        fix_by=date(2027, 6, 30),
    ),
    KnownGap(
        title=_("Charts"),
        problem=_(
            "Charts are drawn as images with a table of the same values as their text "
            "alternative. In some charts women and men are told apart only by colour and "
            "position, and a chart cannot be explored point by point with a screen reader."
        ),
        criteria="1.4.1, 1.4.11",
        meanwhile=_("Every value in a chart is also in the table beside or below it."),
        fix_by=date(2027, 3, 31),
    ),
    KnownGap(
        title=_("Excel files"),
        problem=_(
            "The workbooks the portal makes (the self-assessment workbook, the stakeholder "
            "analysis and the comparison) have not been checked for accessibility. Some cells "
            "show a status by colour."
        ),
        criteria="1.3.1, 1.4.1",
        meanwhile=_(
            "Everything in the workbooks is also on the portal's pages, where the status is "
            "written in words."
        ),
        fix_by=date(2027, 6, 30),
    ),
    KnownGap(
        title=_("Administration pages"),
        problem=_(
            "The administration pages that only the programme office uses are the web "
            "framework's standard pages. They are not covered by our automatic accessibility "
            "tests and have not been checked by hand."
        ),
        criteria="4.1.2, 1.4.10",
        meanwhile=_("Contact us and we will make the change for you."),
        fix_by=date(2027, 6, 30),
    ),
)


def days_text(days: int) -> str:
    """A period in days as the reader's language writes it, with the years when it is a whole
    number of them: "1 095 dagar (3 år)"."""
    text = ngettext("%(count)s day", "%(count)s days", days) % {"count": format_number(days)}
    if days >= 365 and days % 365 == 0:
        years = days // 365
        text += " (%s)" % (
            ngettext("%(count)s year", "%(count)s years", years) % {"count": format_number(years)}
        )
    return text


def _contact() -> dict:
    return {
        "operator_name": settings.PORTAL_OPERATOR_NAME,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        "contact_phone": settings.PORTAL_CONTACT_PHONE,
    }


@require_safe
def accessibility_statement(request):
    return render(
        request,
        "portal/info/accessibility.html",
        {
            **_contact(),
            "accessibility_contact": settings.PORTAL_ACCESSIBILITY_CONTACT,
            "statement_date": settings.PORTAL_ACCESSIBILITY_STATEMENT_DATE,
            "reviewed_date": settings.PORTAL_ACCESSIBILITY_REVIEWED_DATE,
            "known_gaps": KNOWN_GAPS,
            "digg_report_url": DIGG_REPORT_URL,
        },
    )


@require_safe
def privacy_notice(request):
    return render(
        request,
        "portal/info/privacy.html",
        {
            **_contact(),
            "data_protection_contact": settings.PORTAL_DATA_PROTECTION_CONTACT,
            "legal_basis": settings.PORTAL_PRIVACY_LEGAL_BASIS,
            "retention_evaluation": days_text(settings.RETENTION_EVALUATION_DAYS),
            "retention_audit": days_text(settings.RETENTION_AUDIT_DAYS),
            "invitation_valid": days_text(settings.INVITATION_VALID_DAYS),
            "pending_import_hours": int(PENDING_IMPORT_VALID.total_seconds() // 3600),
            "session_days": settings.SESSION_COOKIE_AGE // (24 * 3600),
            "imy_url": IMY_URL,
        },
    )


@require_safe
def help_page(request):
    return render(
        request,
        "portal/info/help.html",
        {
            **_contact(),
            "upload_max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
            "deadline_days_before": DEFAULT_DEADLINE_DAYS_BEFORE,
            "reminder_days": get_text_list(
                [format_number(days) for days in settings.REMINDER_OFFSET_DAYS], _("and")
            ),
            "invitation_lead_days": settings.INVITATION_LEAD_DAYS,
            "evaluation_days": DEFAULT_EVALUATION_DAYS,
            "evaluation_reminder_days": settings.EVALUATION_REMINDER_AFTER_DAYS,
            "staff_mfa_required": settings.REQUIRE_STAFF_MFA,
        },
    )
