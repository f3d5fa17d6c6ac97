"""Inviting a round's teams in bulk: a pasted list or an uploaded CSV or Excel file with one
person per row (name, e-mail address, organisation code, team role).

Nothing is sent when the list is read: each row is first shown as new, already a member,
already invited, or refused with its reason, and only confirming sends. Confirming checks the
rows again against the data of that moment and invites each new row through the ordinary
invitation service, with a key per row and list, so a second confirmation or a double click
sends nothing twice. The list read waits in the person's session (JSON rows, no file kept)."""

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .audit import register_audit_labels
from .models import Cohort, Enrolment, Invitation, Membership, TeamRole, User
from .registry import known_organisations
from .workbooks import (
    WorkbookInvalid,
    WorkbookLimits,
    cell_value,
    open_workbook,
    text_of,
    upload_content,
)

MAX_ROWS = 500
MAX_FILE_BYTES = 1024 * 1024
SESSION_KEY = "bulk_invitations"
KEPT_LISTS = 5

LIMITS = WorkbookLimits(
    max_bytes=MAX_FILE_BYTES,
    max_member_bytes=8 * MAX_FILE_BYTES,
    too_large=gettext_lazy("The file is larger than %(mb)s MB. A list of people is much smaller."),
    too_much_data=gettext_lazy("The workbook holds far more data than a list of people."),
)

register_audit_labels(
    {
        "invitation.remind": gettext_lazy("Invitation reminder sent"),
        "invitation.renew": gettext_lazy("Invitation renewed"),
    }
)

HEADER_WORDS = {
    "name": {"namn", "name", "för- och efternamn", "fullständigt namn"},
    "email": {"e-post", "epost", "e-postadress", "email", "e-mail", "mejl", "mail"},
    "code": {"organisationskod", "kod", "code", "organisation code", "kommunkod", "regionkod"},
    "role": {"roll", "role", "teamroll", "team role"},
}
COLUMNS = ("name", "email", "code", "role")


class RowStatus(StrEnum):
    NEW = "new"
    MEMBER = "member"
    INVITED = "invited"
    REFUSED = "refused"


@dataclass
class BulkRow:
    """One person of the list as read, and what confirming would do with them."""

    line: int
    name: str
    email: str
    code: str
    role: str
    status: RowStatus = RowStatus.NEW
    reason: str = ""
    organisation_name: str = ""
    team_role: str = ""

    @property
    def as_stored(self) -> list:
        return [self.line, self.name, self.email, self.code, self.role]


# --- Reading the list --------------------------------------------------------------------


def _role_names() -> dict[str, str]:
    """Every way the list may name a team role: the code, and the label in Swedish and
    English, lower case."""
    names = {value: value for value in TeamRole.values}
    for language in ("sv", "en"):
        with translation.override(language):
            names.update({str(role.label).casefold(): role.value for role in TeamRole})
    return names


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """The columns a header row names, or None when the row is not a header."""
    found = {}
    for index, cell in enumerate(cells):
        word = cell.strip().casefold()
        for column, words in HEADER_WORDS.items():
            if word in words:
                found[column] = index
    return found if "email" in found else None


def _rows_from_cells(table: list[list[str]]) -> list[BulkRow]:
    """The list's rows as BulkRows; a first row of headings (Namn, E-post, …) decides the order
    of the columns, otherwise it is name, e-mail, code, role."""
    table = [[cell.strip() for cell in row] for row in table]
    numbered = [(number, row) for number, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise ValidationError(_("The list is empty."), code="empty")
    columns = _header_columns(numbered[0][1])
    if columns:
        numbered = numbered[1:]
    else:
        columns = {column: index for index, column in enumerate(COLUMNS)}
    if len(numbered) > MAX_ROWS:
        raise ValidationError(
            _("The list has %(count)s rows; at most %(max)s people can be invited at a time.")
            % {"count": len(numbered), "max": MAX_ROWS},
            code="too_many",
        )

    def value(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else ""

    return [
        BulkRow(
            line=number,
            name=value(row, "name")[:200],
            email=value(row, "email")[:254],
            code=value(row, "code")[:20],
            role=value(row, "role")[:50],
        )
        for number, row in numbered
    ]


def _text_table(text: str) -> list[list[str]]:
    """Lines of delimited text; the delimiter (tab from a spreadsheet, semicolon from a Swedish
    Excel's CSV, or comma) is the one the text uses."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters="\t;,")
    except csv.Error:
        dialect = csv.excel_tab if "\t" in sample else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def rows_from_text(text: str) -> list[BulkRow]:
    return _rows_from_cells(_text_table(text.replace("\r\n", "\n").strip("\n")))


def _decoded(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file's characters cannot be read. Save it as UTF-8 CSV."))


def _cell_text(cell) -> str:
    """A cell as typed; a code Excel turned into a number gets its leading zero back."""
    value = cell_value(cell)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        return f"{number:04d}" if 0 <= number < 10000 and number == value else text_of(value)
    return text_of(value)


def _workbook_table(content: bytes) -> list[list[str]]:
    try:
        workbook = open_workbook(content, LIMITS)
    except WorkbookInvalid as invalid:
        raise ValidationError([str(problem) for problem in invalid.problems]) from invalid
    try:
        sheet = workbook.worksheets[0]
        table = []
        for row in sheet.iter_rows(max_col=8):
            table.append([_cell_text(cell) for cell in row])
            if len(table) > MAX_ROWS + 50:
                break
        return table
    finally:
        workbook.close()


def rows_from_upload(upload) -> list[BulkRow]:
    """The rows of an uploaded .csv, .txt or .xlsx file, within the size limit."""
    try:
        content = upload_content(upload, LIMITS)
    except WorkbookInvalid as invalid:
        raise ValidationError([str(problem) for problem in invalid.problems]) from invalid
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or content.startswith(b"PK\x03\x04"):
        return _rows_from_cells(_workbook_table(content))
    if name.endswith((".xls", ".ods")):
        raise ValidationError(
            _("Save the list as an Excel workbook (.xlsx) or as CSV and upload that.")
        )
    return _rows_from_cells(_text_table(_decoded(content)))


# --- Classifying the rows ----------------------------------------------------------------


def _normal_code(code: str) -> str:
    code = code.strip()
    return code.zfill(4) if code.isdigit() and len(code) == 3 else code


def _refuse(row: BulkRow, reason: str) -> None:
    row.status = RowStatus.REFUSED
    row.reason = reason


def _check_row(row: BulkRow, *, roles: dict[str, str], enrolled: dict, seen: set) -> None:
    """The row's own problems, in the order a person fixes them; the first one found is its
    reason."""
    row.code = _normal_code(row.code)
    row.email = row.email.strip().lower()
    known = known_organisations().get(row.code)
    row.organisation_name = known.name if known else ""
    try:
        validate_email(row.email)
    except ValidationError:
        _refuse(row, _("not a valid e-mail address") if row.email else _("no e-mail address"))
        return
    if known is None:
        _refuse(row, _("unknown organisation code “%(code)s”") % {"code": row.code})
        return
    if row.code not in enrolled:
        _refuse(row, _("%(name)s is not enrolled in this round") % {"name": known.name})
        return
    row.team_role = roles.get(row.role.strip().casefold(), "")
    if not row.team_role:
        _refuse(
            row,
            _("unknown role “%(role)s”") % {"role": row.role}
            if row.role
            else _("no team role given"),
        )
        return
    if (row.email, row.code) in seen:
        _refuse(row, _("the same person is further up in the list"))
        return
    seen.add((row.email, row.code))


def rows_classify(cohort: Cohort, rows: list[BulkRow]) -> list[BulkRow]:
    """Each row as new, already a member, already invited (pending) or refused with its reason.
    Three queries however long the list."""
    enrolled = {
        enrolment.organisation.code: enrolment.organisation
        for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("organisation")
    }
    roles, seen = _role_names(), set()
    for row in rows:
        row.status, row.reason = RowStatus.NEW, ""
        _check_row(row, roles=roles, enrolled=enrolled, seen=seen)
    candidates = [row for row in rows if row.status == RowStatus.NEW]
    emails = {row.email for row in candidates}
    org_ids = {enrolled[row.code].pk for row in candidates}
    members = {
        (email.lower(), code)
        for email, code in Membership.objects.filter(
            user__email__in=emails, organisation_id__in=org_ids
        ).values_list("user__email", "organisation__code")
    }
    invited = {
        (email, code): created
        for email, code, created in Invitation.objects.filter(
            email__in=emails, organisation_id__in=org_ids, accepted_at__isnull=True
        )
        .exclude(expires_at__lte=timezone.now())
        .values_list("email", "organisation__code", "created_at")
    }
    for row in candidates:
        key = (row.email, row.code)
        if key in members:
            row.status = RowStatus.MEMBER
        elif key in invited:
            row.status = RowStatus.INVITED
            row.reason = _("invited %(date)s") % {"date": _date(invited[key])}
    return rows


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


@dataclass
class BulkSummary:
    new: int
    member: int
    invited: int
    refused: int


def rows_summary(rows: list[BulkRow]) -> BulkSummary:
    return BulkSummary(
        **{status.value: sum(row.status == status for row in rows) for status in RowStatus}
    )


# --- Keeping the list between preview and confirmation -------------------------------------


def list_keep(session, *, cohort: Cohort, rows: list[BulkRow], source: str) -> str:
    """Keep the list in the person's session under a new key (the confirmation's idempotency
    key too); the oldest lists go when more than KEPT_LISTS wait."""
    lists = dict(session.get(SESSION_KEY, {}))
    while len(lists) >= KEPT_LISTS:
        lists.pop(next(iter(lists)))
    key = secrets.token_urlsafe(16)
    lists[key] = {
        "cohort": cohort.pk,
        "source": source[:200],
        "rows": [row.as_stored for row in rows],
        "done": False,
    }
    session[SESSION_KEY] = lists
    return key


def list_kept(session, *, cohort: Cohort, key: str) -> dict | None:
    kept = session.get(SESSION_KEY, {}).get(key)
    if not kept or kept["cohort"] != cohort.pk:
        return None
    return kept


def kept_rows(kept: dict) -> list[BulkRow]:
    return [
        BulkRow(line=line, name=name, email=email, code=code, role=role)
        for line, name, email, code, role in kept["rows"]
    ]


def list_mark_done(session, *, key: str) -> None:
    lists = dict(session.get(SESSION_KEY, {}))
    if key in lists:
        lists[key] = {**lists[key], "done": True}
        session[SESSION_KEY] = lists


# --- Sending -----------------------------------------------------------------------------


def _row_key(list_key: str, row: BulkRow) -> str:
    digest = hashlib.sha256(f"{row.email}|{row.code}".encode()).hexdigest()[:32]
    return f"bulk-invitation:{list_key}:{digest}"


def bulk_invitations_send(
    *, cohort: Cohort, rows: list[BulkRow], list_key: str, by: User
) -> list[BulkRow]:
    """Invite every row that is still new when confirming, once: the rows are checked again
    (someone may have joined since the preview), and each invitation carries a key made of the
    list and the row, so confirming the same list twice sends nothing the second time.
    Returns the rows invited by this call."""
    rows_classify(cohort, rows)
    organisations = {
        enrolment.organisation.code: enrolment.organisation
        for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("organisation")
    }
    sent = []
    for row in rows:
        if row.status != RowStatus.NEW:
            continue
        invitation = services.invitation_create(
            organisation=organisations[row.code],
            email=row.email,
            team_role=row.team_role,
            by=by,
            dedupe_key=_row_key(list_key, row),
        )
        if invitation is not None:
            sent.append(row)
    return sent


# --- Who has accepted ----------------------------------------------------------------------


@dataclass
class TeamStatus:
    enrolment: Enrolment
    members: list[Membership]
    pending: list[Invitation]


def round_team_status(cohort: Cohort) -> list[TeamStatus]:
    """Per enrolled organisation: who is in the team, and the invitations not yet accepted
    (expired ones too, to be renewed). Three queries however many organisations and people."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .select_related("organisation", "cluster")
        .prefetch_related(
            Prefetch(
                "organisation__memberships",
                queryset=Membership.objects.select_related("user").order_by("user__full_name"),
                to_attr="member_list",
            ),
            Prefetch(
                "organisation__invitations",
                queryset=Invitation.objects.filter(accepted_at__isnull=True).order_by("email"),
                to_attr="pending_list",
            ),
        )
        .order_by("cluster__name", "organisation__name")
    )
    return [
        TeamStatus(
            enrolment=enrolment,
            members=enrolment.organisation.member_list,
            pending=enrolment.organisation.pending_list,
        )
        for enrolment in enrolments
    ]
