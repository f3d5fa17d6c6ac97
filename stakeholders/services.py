"""Every write of stakeholder analyses goes through here."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import Cohort, Enrolment, Organisation, PendingImport, User
from portal.rules import is_member_of
from portal.selectors import member_of
from portal.staged_imports import pending_import_create
from portal.workbooks import WorkbookInvalid, WorkbookProblem, normalise_text

from . import selectors
from .excel import read_analysis_workbook
from .models import AnalysisVersion, Stakeholder, StakeholderAnalysis
from .selectors import ROW_FIELDS, row_values

TEXT_FIELDS = (
    "name",
    "interest_in_work",
    "benefit",
    "conflicts",
    "key_message",
    "channel",
    "next_action",
)
NOT_VALIDATED = ["version", "key", "position", "revision"]


def _require_member(by: User, organisation_id: int) -> None:
    if not is_member_of(by, organisation_id):
        raise PermissionDenied


def _require_editable(version: AnalysisVersion) -> None:
    if not selectors.is_latest_version(version):
        raise ValidationError(
            _(
                "This version is kept as history: a later occasion has its own version. "
                "Edit the latest version instead."
            )
        )


def _version_for_update(version: AnalysisVersion) -> AnalysisVersion:
    return AnalysisVersion.objects.select_for_update().select_related("analysis").get(pk=version.pk)


def _touch(version: AnalysisVersion, by: User) -> None:
    version.revision += 1
    version.updated_at = timezone.now()
    version.updated_by = by
    version.save(update_fields=["revision", "updated_at", "updated_by"])


def _audit_values(values: dict) -> dict:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


# --- Versions -----------------------------------------------------------------------------------


def version_start(
    *, organisation: Organisation, cohort: Cohort, occasion: str, by: User
) -> AnalysisVersion:
    """Start the version for an occasion as a copy of the latest earlier one (its rows keep
    their keys, so the change between the versions can be shown)."""
    _require_member(by, organisation.pk)
    if not Enrolment.objects.filter(organisation=organisation, cohort=cohort).exists():
        raise ValidationError(_("The organisation does not take part in this cohort."))
    with transaction.atomic():
        analysis, _created = StakeholderAnalysis.objects.get_or_create(
            organisation=organisation, cohort=cohort
        )
        StakeholderAnalysis.objects.select_for_update().get(pk=analysis.pk)
        if AnalysisVersion.objects.filter(analysis=analysis, occasion=occasion).exists():
            raise ValidationError(_("The analysis already has a version for this occasion."))
        version = AnalysisVersion(analysis=analysis, occasion=occasion, created_by=by)
        version.full_clean(exclude=["analysis"])
        version.based_on = selectors.previous_version(version)
        version.save()
        if version.based_on is not None:
            Stakeholder.objects.bulk_create(
                Stakeholder(
                    version=version,
                    key=row.key,
                    position=row.position,
                    **{name: getattr(row, name) for name in ROW_FIELDS},
                )
                for row in version.based_on.stakeholders.all()
            )
        audit_record(
            actor=by,
            action="stakeholders.version_start",
            obj=version,
            after={
                "occasion": occasion,
                "copied_from": version.based_on.occasion if version.based_on else None,
                "rows": version.stakeholders.count(),
            },
        )
    return version


def version_mark_ready(
    *, version: AnalysisVersion, by: User, ready: bool = True
) -> AnalysisVersion:
    """The team says the analysis is up to date for the occasion (or takes that back)."""
    _require_member(by, version.analysis.organisation_id)
    with transaction.atomic():
        version = _version_for_update(version)
        _require_editable(version)
        before = version.ready_at.isoformat() if version.ready_at else None
        version.ready_at = timezone.now() if ready else None
        version.ready_by = by if ready else None
        version.save(update_fields=["ready_at", "ready_by"])
        audit_record(
            actor=by,
            action="stakeholders.version_ready" if ready else "stakeholders.version_not_ready",
            obj=version,
            before={"ready_at": before},
            after={"ready_at": version.ready_at.isoformat() if version.ready_at else None},
        )
    return version


# --- Rows -----------------------------------------------------------------------------------------


def _check_owner(owner: User | None, organisation_id: int) -> None:
    if owner is None:
        return
    if not member_of(owner, organisation_id):
        raise ValidationError(
            {"owner": _("The owner must be a member of the organisation's team.")}
        )


def _validated(stakeholder: Stakeholder, organisation_id: int) -> None:
    """Every check of a row, collected per field."""
    errors: dict[str, list] = {}
    try:
        stakeholder.full_clean(exclude=NOT_VALIDATED)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_owner(stakeholder.owner, organisation_id)
    except ValidationError as error:
        errors.setdefault("owner", []).extend(error.message_dict["owner"])
    if errors:
        raise ValidationError(errors)


def _assign(stakeholder: Stakeholder, values: dict) -> None:
    unknown = set(values) - set(ROW_FIELDS)
    if unknown:
        raise ValueError(f"Not a stakeholder field: {sorted(unknown)}")
    for name, value in values.items():
        if name in TEXT_FIELDS:
            value = normalise_text(value)
        setattr(stakeholder, name, value)


def stakeholder_add(*, version: AnalysisVersion, by: User, **values) -> Stakeholder:
    organisation_id = version.analysis.organisation_id
    _require_member(by, organisation_id)
    with transaction.atomic():
        version = _version_for_update(version)
        _require_editable(version)
        stakeholder = Stakeholder(version=version)
        _assign(stakeholder, values)
        _validated(stakeholder, organisation_id)
        last = version.stakeholders.aggregate(last=Max("position"))["last"]
        stakeholder.position = 0 if last is None else last + 1
        stakeholder.save()
        _touch(version, by)
        audit_record(
            actor=by,
            action="stakeholders.add",
            obj=stakeholder,
            after=_audit_values(row_values(stakeholder)),
        )
    return stakeholder


def stakeholder_update(
    *, stakeholder: Stakeholder, by: User, revision: int | None = None, **values
) -> Stakeholder:
    """Save a row. With `revision` (the one the person saw), a row someone else has saved since
    is refused rather than silently overwritten."""
    version = stakeholder.version
    organisation_id = version.analysis.organisation_id
    _require_member(by, organisation_id)
    with transaction.atomic():
        version = _version_for_update(version)
        _require_editable(version)
        stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
        if revision is not None and revision != stakeholder.revision:
            raise ValidationError(
                _(
                    "Someone else saved this stakeholder after you opened the page. Your change "
                    "was not saved; the form now shows their version."
                ),
                code="stale",
            )
        before = row_values(stakeholder)
        _assign(stakeholder, values)
        _validated(stakeholder, organisation_id)
        after = row_values(stakeholder)
        if after == before:
            return stakeholder
        stakeholder.revision += 1
        stakeholder.save()
        _touch(version, by)
        changed = [name for name in ROW_FIELDS if before[name] != after[name]]
        audit_record(
            actor=by,
            action="stakeholders.update",
            obj=stakeholder,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return stakeholder


def stakeholder_remove(*, stakeholder: Stakeholder, by: User) -> None:
    version = stakeholder.version
    _require_member(by, version.analysis.organisation_id)
    with transaction.atomic():
        version = _version_for_update(version)
        _require_editable(version)
        audit_record(
            actor=by,
            action="stakeholders.remove",
            obj=stakeholder,
            before=_audit_values(row_values(stakeholder)),
        )
        stakeholder.delete()
        _touch(version, by)


# --- Excel import, staged in portal.staged_imports ------------------------------------------------

IMPORT_KIND = "stakeholders"


@dataclass
class ImportPreview:
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def _label(name: str) -> str:
    return str(Stakeholder._meta.get_field(name).verbose_name)


def _instance(version: AnalysisVersion, values: dict) -> Stakeholder:
    values = dict(values)
    owner_id = values.pop("owner")
    next_action_on = values.pop("next_action_on")
    stakeholder = Stakeholder(version=version, owner_id=owner_id)
    _assign(stakeholder, values)
    stakeholder.next_action_on = date.fromisoformat(next_action_on) if next_action_on else None
    return stakeholder


def analysis_import_prepare(
    *, version: AnalysisVersion, content: bytes, filename: str, by: User
) -> PendingImport:
    """Validate every row of an uploaded workbook. Nothing changes: a valid one is kept for the
    person to preview and confirm; an invalid one raises WorkbookInvalid with every problem."""
    organisation = version.analysis.organisation
    _require_member(by, organisation.pk)
    _require_editable(version)
    members = {
        member.email.lower(): member.pk for member in selectors.team_members(organisation.pk)
    }
    parsed = read_analysis_workbook(
        content, organisation_code=organisation.code, occasion=version.occasion, members=members
    )
    current_keys = {str(key) for key in version.stakeholders.values_list("key", flat=True)}
    problems: list[WorkbookProblem] = []
    for row in parsed:
        if row.key and row.key not in current_keys:
            problems.append(
                WorkbookProblem(
                    _(
                        "the identifier %(key)s is not a stakeholder of this analysis. Leave "
                        "the ID cell empty for a new stakeholder."
                    )
                    % {"key": row.key},
                    row=row.number,
                )
            )
        try:
            _validated(_instance(version, row.values), organisation.pk)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    problems.append(WorkbookProblem(f"{_label(name)}: {message}", row=row.number))
    if problems:
        raise WorkbookInvalid(sorted(problems, key=lambda problem: problem.row or 0))
    return pending_import_create(
        kind=IMPORT_KIND,
        organisation=organisation,
        cohort=version.analysis.cohort,
        target={"version": version.pk, "revision": version.revision},
        filename=filename,
        payload=[{"key": row.key, "values": row.values} for row in parsed],
        by=by,
    )


def analysis_import_version(pending: PendingImport) -> AnalysisVersion:
    """The analysis version a pending import replaces the rows of."""
    return AnalysisVersion.objects.select_related("analysis__organisation").get(
        pk=pending.target["version"]
    )


def analysis_import_changes(pending: PendingImport) -> ImportPreview:
    """What confirming the import would change, compared with the analysis now."""
    version = analysis_import_version(pending)
    current = {str(row.key): row for row in selectors.version_rows(version)}
    preview = ImportPreview()
    seen = set()
    for row in pending.payload:
        existing = current.get(row["key"] or "")
        new_values = row_values(_instance(version, row["values"]))
        if existing is None:
            preview.added.append(new_values["name"])
            continue
        seen.add(row["key"])
        old_values = row_values(existing)
        changed = [_label(name) for name in ROW_FIELDS if old_values[name] != new_values[name]]
        if changed:
            preview.changed.append((new_values["name"], changed))
    preview.removed = [row.name for key, row in current.items() if key not in seen]
    return preview


def analysis_import_apply(*, pending: PendingImport, by: User, now: datetime) -> ImportPreview:
    """Replace the version's rows with the previewed ones inside the confirming transaction
    (portal.staged_imports.pending_import_confirm): all rows or none. An analysis changed since
    the workbook was checked is refused."""
    version = analysis_import_version(pending)
    organisation_id = version.analysis.organisation_id
    _require_member(by, organisation_id)
    version = _version_for_update(version)
    _require_editable(version)
    if version.revision != pending.target["revision"]:
        raise ValidationError(
            _(
                "The analysis was changed after the workbook was checked. Nothing was "
                "imported; upload the workbook again to see the changes anew."
            ),
            code="stale",
        )
    preview = analysis_import_changes(pending)
    current = {str(row.key): row for row in version.stakeholders.all()}
    kept = set()
    for position, row in enumerate(pending.payload):
        existing = current.get(row["key"] or "")
        incoming = _instance(version, row["values"])
        _validated(incoming, organisation_id)
        if existing is None:
            incoming.key = uuid.uuid4()
            incoming.position = position
            incoming.save()
            continue
        kept.add(row["key"])
        if row_values(existing) != row_values(incoming) or existing.position != position:
            for name in ROW_FIELDS:
                setattr(existing, name, getattr(incoming, name))
            existing.position = position
            existing.revision += 1
            existing.save()
    Stakeholder.objects.filter(
        pk__in=[row.pk for key, row in current.items() if key not in kept]
    ).delete()
    if preview.count:
        _touch(version, by)
    return preview


def analysis_import_audit(preview: ImportPreview) -> dict:
    """What the audit entry of a confirmed import records."""
    return {
        "added": preview.added,
        "changed": [name for name, _fields in preview.changed],
        "removed": preview.removed,
    }
