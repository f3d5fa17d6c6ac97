"""National-scale comparison data for tests, in bulk: every Swedish municipality and region in one
round, in clusters of about 31 named "Kluster 1" to "Kluster 10" (as the benchmark's national
round), with submitted BM1 and BM2 self-assessments — except a few BM2 drafts and a few
organisations without any BM2 — so every status, readiness and sort has rows."""

from datetime import date

from checklists.models import Assessment, ChecklistItem, ItemScore, Occasion
from portal.models import Cluster, Cohort, Enrolment, Organisation
from portal.registry import known_organisations

CLUSTER_SIZE = 31


def national_round(
    name: str = "Omgång 10 (nationell)",
    *,
    starts: date = date(2026, 9, 1),
    codes: list[str] | None = None,
) -> Cohort:
    """The round with its clusters, enrolments, assessments and scores; the checklist must be
    seeded. Scores are a deterministic walk over 1–3 so totals spread out."""
    registry = known_organisations()
    codes = sorted(registry) if codes is None else codes
    cohort = Cohort.objects.create(
        name=name, starts_on=starts, ends_on=date(starts.year + 1, 11, 30)
    )
    existing = set(Organisation.objects.filter(code__in=codes).values_list("code", flat=True))
    Organisation.objects.bulk_create(
        Organisation(code=code, name=registry[code].name, kind=registry[code].kind)
        for code in codes
        if code not in existing
    )
    organisations = sorted(Organisation.objects.filter(code__in=codes), key=lambda o: o.code)
    cluster_count = max(1, round(len(organisations) / CLUSTER_SIZE))
    clusters = Cluster.objects.bulk_create(
        Cluster(cohort=cohort, name=f"Kluster {number}") for number in range(1, cluster_count + 1)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            cohort=cohort,
            organisation=org,
            cluster=clusters[index * cluster_count // len(organisations)],
        )
        for index, org in enumerate(organisations)
    )
    version = ChecklistItem.objects.first().version
    items = list(version.items.order_by("number"))
    rows = []
    for index, org in enumerate(organisations):
        rows.append((org, Occasion.BM1, Assessment.Status.SUBMITTED))
        if index % 29 == 7:
            continue  # no BM2 yet
        status = Assessment.Status.DRAFT if index % 23 == 5 else Assessment.Status.SUBMITTED
        rows.append((org, Occasion.BM2, status))
    assessments = Assessment.objects.bulk_create(
        Assessment(organisation=org, cohort=cohort, occasion=occasion, version=version, status=s)
        for org, occasion, s in rows
    )
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=item, score=_score(position, item.number), revision=1)
        for position, assessment in enumerate(assessments)
        for item in items
    )
    return cohort


def _score(position: int, number: int) -> int:
    """1–3, varying by assessment and item; later occasions (odd positions) a little higher."""
    return min(3, 1 + (position * 7 + number * (position % 5 + 1)) % 3 + (position % 2))
