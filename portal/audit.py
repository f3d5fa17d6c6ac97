"""The audit log: recording a change, and reading the log on the staff pages.

Entries name their object only by type and id (``meetings.presentation`` 12), so the portal can
record changes of every app without knowing its models. To filter the log by organisation,
cohort or meeting, and to show readable words for the action codes, apps register:

- ``register_audit_scope(Model, cohort=..., organisation=..., meeting=...)``: the lookup path from
  the model to the id of each scope it belongs to ("pk" for the scope object itself);
- ``register_audit_labels({"meeting.publish": _("Meeting published"), ...})``;
- ``register_audit_dimension("meeting", label=..., choices=...)``: a filter of the log page
  beyond the portal's own (organisation), with the choices a person may pick from.

Who reads which entries: programme admins every entry; organisers the entries whose object
belongs to a cohort they organise (through the registered cohort paths). An entry whose object
has no cohort (a removed person, an organisation's invitation, an entry recorded by a job with no
registered scope) is for programme admins only: it may concern more than one cohort.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import AuditEntry, Cohort, Invitation, Organisation


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a change; call it inside the service's transaction so both commit together."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
    )


# --- What apps register -------------------------------------------------------------------


@dataclass(frozen=True)
class AuditDimension:
    name: str
    label: Any
    choices: Callable[[Any], Iterable[tuple[int, str]]]  # (user) -> (id, label) pairs


_SCOPES: dict[str, tuple[type[models.Model], dict[str, str]]] = {}
_DIMENSIONS: dict[str, AuditDimension] = {}
_LABELS: dict[str, Any] = {
    "invitation.create": _("Invitation sent"),
    "invitation.accept": _("Invitation accepted"),
    "user.remove": _("Person removed"),
    "email.resend": _("E-mail sent again"),
}


def register_audit_scope(model: type[models.Model], **paths: str) -> None:
    _SCOPES[model._meta.label_lower] = (model, paths)


def register_audit_labels(labels: dict[str, Any]) -> None:
    _LABELS.update(labels)


def register_audit_dimension(
    name: str, *, label, choices: Callable[[Any], Iterable[tuple[int, str]]]
) -> None:
    _DIMENSIONS[name] = AuditDimension(name=name, label=label, choices=choices)


register_audit_scope(Organisation, organisation="pk")
register_audit_scope(Cohort, cohort="pk")
register_audit_scope(Invitation, organisation="organisation_id")


# --- Reading the log ----------------------------------------------------------------------


def audit_action_label(code: str) -> str:
    """The readable words for an action code; the code itself when no app has named it."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code


def audit_action_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in _LABELS.items()), key=lambda c: c[1])


def audit_dimensions() -> list[AuditDimension]:
    return list(_DIMENSIONS.values())


def audit_in_scope(scope: str, ids) -> Q:
    """Entries whose object belongs to one of these ids of a scope (cohort, organisation,
    meeting, or one an app registered): one subquery per registered model, no extra query."""
    condition = Q(pk__in=[])
    for object_type, (model, paths) in _SCOPES.items():
        path = paths.get(scope)
        if path is None:
            continue
        object_ids = (
            model._default_manager.filter(**{f"{path}__in": ids})
            .order_by()
            .annotate(pk_text=Cast("pk", CharField()))
            .values("pk_text")
        )
        condition |= Q(object_type=object_type, object_id__in=object_ids)
    return condition


def audit_entries_visible_to(user) -> QuerySet[AuditEntry]:
    if selectors.is_programme_admin(user):
        return AuditEntry.objects.all()
    cohort_ids = list(selectors.organised_cohort_ids(user))
    if not cohort_ids:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(audit_in_scope("cohort", cohort_ids))


def audit_entries_filtered(
    user,
    *,
    organisation_id: int | None = None,
    action: str = "",
    person: str = "",
    scopes: dict[str, int] | None = None,
) -> QuerySet[AuditEntry]:
    """The entries the person may read, narrowed by the log page's filters, newest first."""
    entries = audit_entries_visible_to(user).select_related("actor")
    if organisation_id:
        entries = entries.filter(audit_in_scope("organisation", [organisation_id]))
    for scope, scope_id in (scopes or {}).items():
        entries = entries.filter(audit_in_scope(scope, [scope_id]))
    if action:
        entries = entries.filter(action=action)
    person = person.strip()
    if person:
        entries = entries.filter(
            Q(actor__email__icontains=person) | Q(actor__full_name__icontains=person)
        )
    return entries.order_by("-at", "-pk")
