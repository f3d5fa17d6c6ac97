"""Setting up a round (a cohort) in the portal rather than in Django's admin: the cohort itself,
its clusters, and the organisations enrolled in it, found in the register of Sweden's 290
municipalities and 21 regions by name or code, or pasted as a list of codes.

An organisation that is in the register but has no row yet is created from the register on
enrolment, so the office can enrol any of the 311 without first adding it elsewhere. The
programme content of a new round (its copy of the programme template) and its proposed meetings
belong to the meetings app, which builds on these functions (meetings.rounds)."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_record, register_audit_labels
from .models import Cluster, Cohort, Enrolment, Organisation, User
from .registry import KnownOrganisation, known_organisations
from .selectors import is_programme_admin

MAX_CODES = 400
SEARCH_RESULTS = 50

register_audit_labels(
    {
        "cohort.create": gettext_lazy("Round created"),
        "cluster.create": gettext_lazy("Cluster added"),
        "enrolment.create": gettext_lazy("Organisation enrolled"),
        "enrolment.cluster": gettext_lazy("Cluster of an enrolment changed"),
    }
)


def _require_office(by: User) -> None:
    if not is_programme_admin(by):
        raise PermissionDenied


def cohort_create(
    *, name: str, starts_on: date, ends_on: date, description: str = "", by: User
) -> Cohort:
    """A new, empty round. Call it inside the caller's transaction when more belongs to the
    round's start (its programme, its clusters), so that a refusal leaves nothing behind."""
    _require_office(by)
    cohort = Cohort(
        name=name.strip(), starts_on=starts_on, ends_on=ends_on, description=description.strip()
    )
    cohort.full_clean()
    with transaction.atomic():
        cohort.save()
        audit_record(
            actor=by,
            action="cohort.create",
            obj=cohort,
            after={"name": cohort.name, "starts_on": str(starts_on), "ends_on": str(ends_on)},
        )
    return cohort


def cluster_create(*, cohort: Cohort, name: str, by: User) -> Cluster:
    _require_office(by)
    cluster = Cluster(cohort=cohort, name=name.strip())
    try:
        cluster.full_clean()
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"name": _("The round already has a cluster called %(name)s.") % {"name": name}}
            ) from error
        raise
    with transaction.atomic():
        cluster.save()
        audit_record(actor=by, action="cluster.create", obj=cohort, after={"cluster": name})
    return cluster


def clusters_copy(*, cohort: Cohort, source_cohort: Cohort, by: User) -> list[Cluster]:
    """The earlier round's cluster names, without its organisations: a new round is a new
    set of participants."""
    names = list(source_cohort.clusters.order_by("name").values_list("name", flat=True))
    return [cluster_create(cohort=cohort, name=name, by=by) for name in names]


# --- Finding organisations in the register ------------------------------------------------


def register_search(query: str) -> list[KnownOrganisation]:
    """Organisations of the register whose name, code or county contains the query (case and
    diacritics as typed); the first SEARCH_RESULTS by name."""
    query = query.strip().casefold()
    if not query:
        return []
    found = [
        known
        for known in known_organisations().values()
        if query in known.name.casefold()
        or known.code.startswith(query)
        or query in known.county.casefold()
    ]
    return sorted(found, key=lambda known: known.name)[:SEARCH_RESULTS]


@dataclass
class CodeList:
    """A pasted list of codes, read: the known codes in the order given, what was refused and
    why, and the codes given more than once (kept once)."""

    codes: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def code_list_read(text: str) -> CodeList:
    """Codes separated by new lines, commas, semicolons or spaces. Excel drops the leading zero
    of 0180, so three digits are read as four."""
    result = CodeList()
    for raw in re.split(r"[\s,;]+", text or ""):
        if not raw:
            continue
        code = raw.zfill(4) if raw.isdigit() and len(raw) == 3 else raw
        if len(result.codes) + len(result.refused) >= MAX_CODES:
            raise ValidationError(
                _("Paste at most %(count)s codes at a time.") % {"count": MAX_CODES}
            )
        if code in result.codes:
            result.repeated.append(code)
        elif not re.fullmatch(r"\d{4}", code):
            result.refused.append((raw, _("not a four-digit code")))
        elif code not in known_organisations():
            result.refused.append((code, _("no Swedish municipality or region has this code")))
        else:
            result.codes.append(code)
    return result


@dataclass
class EnrolmentResult:
    enrolled: list[Organisation]
    already: list[Organisation]


def _organisations_for(codes: list[str]) -> dict[str, Organisation]:
    """The organisations of the codes, created from the register where they have no row yet."""
    existing = {org.code: org for org in Organisation.objects.filter(code__in=codes)}
    register = known_organisations()
    for code in codes:
        if code not in existing:
            known = register[code]
            organisation = Organisation(code=code, name=known.name, kind=known.kind)
            organisation.full_clean()
            organisation.save()
            existing[code] = organisation
    return existing


def enrolments_add(
    *, cohort: Cohort, codes: list[str], cluster: Cluster | None, by: User
) -> EnrolmentResult:
    """Enrol the organisations of the (known) codes in the round, in the cluster if one is
    given. Those already enrolled are left as they are and reported."""
    _require_office(by)
    if cluster is not None and cluster.cohort_id != cohort.pk:
        raise ValidationError({"cluster": _("The cluster belongs to another cohort.")})
    unknown = [code for code in codes if code not in known_organisations()]
    if unknown:
        raise ValidationError(
            _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_code"
        )
    result = EnrolmentResult(enrolled=[], already=[])
    with transaction.atomic():
        organisations = _organisations_for(codes)
        enrolled_ids = set(
            cohort.enrolments.filter(organisation__code__in=codes).values_list(
                "organisation_id", flat=True
            )
        )
        for code in codes:
            organisation = organisations[code]
            if organisation.pk in enrolled_ids:
                result.already.append(organisation)
                continue
            enrolment = Enrolment(cohort=cohort, organisation=organisation, cluster=cluster)
            enrolment.full_clean()
            enrolment.save()
            enrolled_ids.add(organisation.pk)
            result.enrolled.append(organisation)
            audit_record(
                actor=by,
                action="enrolment.create",
                obj=organisation,
                after={"cohort": cohort.pk, "cluster": cluster.name if cluster else None},
            )
    return result


def enrolment_clusters_set(*, cohort: Cohort, clusters: dict[int, int | None], by: User) -> int:
    """Put enrolled organisations into clusters ({enrolment id: cluster id or None}); returns
    how many changed."""
    _require_office(by)
    cluster_ids = set(cohort.clusters.values_list("pk", flat=True))
    if any(value is not None and value not in cluster_ids for value in clusters.values()):
        raise ValidationError(_("The cluster belongs to another cohort."))
    changed = 0
    with transaction.atomic():
        for enrolment in cohort.enrolments.filter(pk__in=clusters).select_related(
            "organisation", "cluster"
        ):
            new = clusters[enrolment.pk]
            if enrolment.cluster_id == new:
                continue
            before = enrolment.cluster.name if enrolment.cluster else None
            enrolment.cluster_id = new
            enrolment.save(update_fields=["cluster"])
            changed += 1
            audit_record(
                actor=by,
                action="enrolment.cluster",
                obj=enrolment.organisation,
                before={"cohort": cohort.pk, "cluster": before},
                after={"cohort": cohort.pk, "cluster": new},
            )
    return changed


def round_enrolments(cohort: Cohort) -> QuerySet[Enrolment]:
    return cohort.enrolments.select_related("organisation", "cluster").order_by(
        "cluster__name", "organisation__name"
    )
