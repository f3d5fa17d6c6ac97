"""Demo data of the BM3 results pack: the demo cohort's benchmarking organisations choose the
key figures split by sex that the demo has Kolada values for, Boden comments on them, and Boden
and Piteå answer some of the questions on statistics. Safe to run again: an organisation that
has chosen already, or answered already, is left as it is."""

from portal.demo import CURRENT_COHORT
from portal.keyfigures.models import KeyFigure
from portal.models import Cohort, Enrolment

from .models import PreparationAnswer, ResultsKeyFigure
from .selectors.results_pack import STATISTICS_QUESTIONS, results_key_figure_choices
from .services.answers import preparation_answers_save
from .services.results_pack import (
    MAX_RESULTS_FIGURES,
    results_key_figure_add,
    results_key_figure_comment,
)

COMMENTS = {
    ("2582", "N00914"): (
        "Kvinnor förvärvsarbetar i lägre grad än män, och skillnaden har ökat sedan 2020. "
        "Vi vill veta varför: deltid, sjukskrivningar eller utbildningsval?"
    ),
    ("2582", "N01951"): (
        "Det bor fler män än kvinnor i kommunen, och skillnaden växer. Unga kvinnor flyttar "
        "härifrån: vad betyder det för våra verksamheter?"
    ),
}
ANSWERS = {
    "2582": {
        "reporting": "Individbaserad statistik redovisas efter kön i årsredovisningen och i "
        "nämndernas verksamhetsberättelser, men inte i alla delårsrapporter.",
        "use": "Socialnämnden och barn- och utbildningsnämnden använder den i sina "
        "verksamhetsplaner; övriga nämnder sällan.",
        "problems": "Kvinnor förvärvsarbetar mindre än män, och unga kvinnor flyttar från "
        "kommunen i högre grad än unga män.",
    },
    "2581": {
        "reporting": "All individbaserad statistik i årsredovisningen redovisas efter kön sedan "
        "2024.",
        "analyses": "Jämställdhetsanalyser ska ingå i underlagen för större beslut, men görs "
        "ännu inte systematiskt.",
    },
}


def seed_results_packs() -> None:
    cohort = Cohort.objects.filter(name=CURRENT_COHORT).first()
    if cohort is None:
        return
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, role=Enrolment.Role.BENCHMARKING)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    for enrolment in enrolments:
        organisation = enrolment.organisation
        member = organisation.memberships.select_related("user").order_by("pk").first()
        if member is None:
            continue
        _choose(organisation, cohort, member.user)
        answers = ANSWERS.get(organisation.code)
        if (
            answers
            and not PreparationAnswer.objects.filter(
                organisation=organisation, cohort=cohort, question_set=STATISTICS_QUESTIONS
            ).exists()
        ):
            preparation_answers_save(
                enrolment=enrolment, code=STATISTICS_QUESTIONS, answers=answers, by=member.user
            )


def _choose(organisation, cohort, by) -> None:
    if ResultsKeyFigure.objects.filter(organisation=organisation, cohort=cohort).exists():
        return
    # The figure on work first: it says more about equality than the population does.
    choices = sorted(
        results_key_figure_choices(organisation), key=lambda figure: figure.kpi_id != "N00914"
    )
    for figure in choices[:MAX_RESULTS_FIGURES]:
        results_key_figure_add(organisation=organisation, cohort=cohort, key_figure=figure, by=by)
        comment = COMMENTS.get((organisation.code, figure.kpi_id))
        if comment:
            results_key_figure_comment(
                organisation=organisation,
                cohort=cohort,
                key_figure=KeyFigure.objects.get(pk=figure.pk),
                comment=comment,
                by=by,
            )
