"""The organisations of the compared rounds as the comparison reads them: plain values in one
query, not three model instances per row (a round has some 311 organisations)."""

from collections.abc import Sequence
from dataclasses import dataclass

from portal.models import Cluster, Cohort, Enrolment


@dataclass(slots=True)
class RowOrganisation:
    """What a row shows of an organisation: plain values, not a model instance per row."""

    pk: int
    name: str
    kind: str
    code: str

    @property
    def id(self) -> int:
        return self.pk


@dataclass(slots=True)
class RowEnrolment:
    """An organisation in a round, as the comparison reads it (one query, no model per row)."""

    organisation: RowOrganisation
    organisation_id: int
    cohort: Cohort
    cohort_id: int
    cluster: Cluster | None
    cluster_id: int | None


def enrolment_rows(cohort_ids: list[int], *, cohorts: Sequence[Cohort]) -> list[RowEnrolment]:
    """The enrolments of the rounds as plain values; the rounds are those already read, and a
    cluster is built once per cluster, not once per row."""
    cohort_of = {cohort.pk: cohort for cohort in cohorts}
    missing = set(cohort_ids) - set(cohort_of)
    if missing:
        cohort_of |= {cohort.pk: cohort for cohort in Cohort.objects.filter(pk__in=missing)}
    cluster_of: dict[int, Cluster] = {}
    enrolments = []
    for cohort_id, cluster_id, cluster_name, *organisation in (
        Enrolment.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .values_list(
            "cohort_id",
            "cluster_id",
            "cluster__name",
            "organisation_id",
            "organisation__name",
            "organisation__kind",
            "organisation__code",
        )
    ):
        cluster = None
        if cluster_id is not None:
            cluster = cluster_of.get(cluster_id)
            if cluster is None:
                cluster = cluster_of[cluster_id] = Cluster(
                    pk=cluster_id, cohort_id=cohort_id, name=cluster_name
                )
        enrolments.append(
            RowEnrolment(
                organisation=RowOrganisation(*organisation),
                organisation_id=organisation[0],
                cohort=cohort_of[cohort_id],
                cohort_id=cohort_id,
                cluster=cluster,
                cluster_id=cluster_id,
            )
        )
    return enrolments
