"""One staged import for every workbook the portal reads back: upload, check, preview of the
changes, then confirm or discard.

An app checks an uploaded workbook against its own layout and keeps what it read with
`pending_import_create`; the person sees what would change (`pending_import_changes`) and
confirms (`pending_import_confirm`) or discards it (`pending_import_discard`). Each app registers
an ImportType for its kind in its `imports` module, which portal loads at start-up
(PortalConfig.ready) without naming the app.

The rules are the same for every kind. A preview is good for two hours: checklist previews
always were; stakeholder previews used to wait forever and now expire too, deliberately. Only
the person who uploaded the workbook may confirm or discard it. Preparing, confirming and
discarding are audited as "<kind>.import_prepare", "<kind>.import_confirm" and
"<kind>.import_discard".
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import Cohort, Organisation, PendingImport, User

PENDING_IMPORT_VALID = timedelta(hours=2)


@dataclass(frozen=True)
class ImportType:
    kind: str
    # The object the audit entries are about (the enrolment, the analysis version).
    subject: Callable[[PendingImport], models.Model]
    # What confirming would change compared with the data now: the preview.
    changes: Callable[[PendingImport], Any]
    # apply(pending=, by=, now=): make the changes inside the confirming transaction, all or
    # none, and return what was done.
    apply: Callable[..., Any]
    # What the audit entry of a confirmed import records about that result.
    describe: Callable[[Any], dict]


_REGISTRY: dict[str, ImportType] = {}


def register_import(import_type: ImportType) -> None:
    _REGISTRY[import_type.kind] = import_type


def import_type_for(kind: str) -> ImportType:
    return _REGISTRY[kind]


def pending_imports_of(user: User, *, kind: str) -> QuerySet[PendingImport]:
    """The person's own pending imports of the kind; expired ones too, so that confirming one
    can say it has expired."""
    return PendingImport.objects.filter(created_by=user, kind=kind).select_related(
        "organisation", "cohort"
    )


def pending_import_create(
    *,
    kind: str,
    organisation: Organisation,
    cohort: Cohort | None,
    target: dict,
    filename: str,
    payload: list,
    by: User,
    now: datetime | None = None,
) -> PendingImport:
    """Keep a checked workbook for the person to preview and confirm. Expired previews, anyone's,
    are cleared on the way."""
    import_type = import_type_for(kind)
    now = now or timezone.now()
    with transaction.atomic():
        PendingImport.objects.filter(expires_at__lte=now).delete()
        pending = PendingImport(
            token=secrets.token_urlsafe(32),
            kind=kind,
            organisation=organisation,
            cohort=cohort,
            target=target,
            created_by=by,
            created_at=now,
            expires_at=now + PENDING_IMPORT_VALID,
            filename=filename[:200],
            payload=payload,
        )
        pending.full_clean()
        pending.save()
        audit_record(
            actor=by,
            action=f"{kind}.import_prepare",
            obj=import_type.subject(pending),
            after={"filename": pending.filename, "rows": len(payload)},
        )
    return pending


def pending_import_changes(pending: PendingImport) -> Any:
    """What confirming the import would change, compared with the data now."""
    return import_type_for(pending.kind).changes(pending)


def _require_own(pending: PendingImport, by: User) -> None:
    if pending.created_by_id != by.pk:
        raise PermissionDenied


def pending_import_confirm(*, pending: PendingImport, by: User, now: datetime | None = None) -> Any:
    """Apply a previewed import in one transaction, all or nothing, and let the preview go.
    What the app's apply refuses (a change made since the preview) leaves everything as it was."""
    now = now or timezone.now()
    _require_own(pending, by)
    if pending.expires_at <= now:
        raise ValidationError(
            _("The preview has expired. Upload the workbook again."), code="expired"
        )
    import_type = import_type_for(pending.kind)
    with transaction.atomic():
        result = import_type.apply(pending=pending, by=by, now=now)
        audit_record(
            actor=by,
            action=f"{pending.kind}.import_confirm",
            obj=import_type.subject(pending),
            after={"filename": pending.filename, **import_type.describe(result)},
        )
        PendingImport.objects.filter(pk=pending.pk).delete()
    return result


def pending_import_discard(*, pending: PendingImport, by: User) -> None:
    """The person lets the preview go; nothing is imported."""
    _require_own(pending, by)
    import_type = import_type_for(pending.kind)
    with transaction.atomic():
        audit_record(
            actor=by,
            action=f"{pending.kind}.import_discard",
            obj=import_type.subject(pending),
            after={"filename": pending.filename},
        )
        PendingImport.objects.filter(pk=pending.pk).delete()
