import pytest

from portal.demo import CURRENT_COHORT, seed_core
from portal.models import Enrolment
from portal.occasions import Occasion
from stakeholders import selectors
from stakeholders.demo import seed_stakeholder_analyses
from stakeholders.models import AnalysisVersion, Stakeholder

pytestmark = pytest.mark.django_db


def _rows():
    return list(Stakeholder.objects.order_by("pk").values())


def test_seeding_twice_leaves_identical_analyses():
    seed_core()
    seed_stakeholder_analyses()
    first = _rows()
    seed_stakeholder_analyses()
    assert _rows() == first
    enrolments = Enrolment.objects.filter(cohort__name=CURRENT_COHORT)
    for enrolment in enrolments:
        version = AnalysisVersion.objects.get(
            analysis__organisation=enrolment.organisation,
            analysis__cohort=enrolment.cohort,
            occasion=Occasion.BM1,
        )
        assert 8 <= version.stakeholders.count() <= 12
    boden = AnalysisVersion.objects.get(analysis__organisation__code="2582", occasion="BM2")
    changes = selectors.changes_between(
        selectors.version_rows(boden.based_on), selectors.version_rows(boden)
    )
    assert changes.added == ["Ungdomsrådet"] and changes.removed == ["Företagarföreningen"]
    assert [move.name for move in changes.moved] == ["Idrotts- och kulturföreningar"]
    cohort_id = enrolments.first().cohort_id
    assert selectors.updated_organisation_ids(
        cohort_id=cohort_id,
        occasion=Occasion.BM1,
        organisation_ids=[e.organisation_id for e in enrolments],
    ) == {e.organisation_id for e in enrolments}
