"""The ten-item checklist (scale 1–3) in our own words, and demo assessments for BM1 and BM2
that show movement. Idempotent: seeding twice leaves identical rows."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from portal.demo import CURRENT_COHORT
from portal.models import Cohort, Enrolment, Membership

from .models import (
    Assessment,
    ChecklistGroup,
    ChecklistItem,
    ChecklistVersion,
    ItemScore,
    Occasion,
    ScaleLevel,
)

VERSION_CODE = "tio-moment-1-3"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

LEVELS = [
    (1, "Inte påbörjat", "Not started"),
    (2, "Behöver utvecklas", "Needs development"),
    (3, "Finns på plats", "In place"),
]

GROUPS = [
    (1, "Styrning och ledning", "Governance and management"),
    (2, "Statistik och analys", "Statistics and analysis"),
    (3, "Förbättringsarbete", "Improvement work"),
]

# (number, group, short sv, short en, text sv, text en, guidance sv, guidance en)
ITEMS = [
    (
        1,
        1,
        "Politiskt beslut",
        "Political decision",
        "Fullmäktige har fattat ett formellt beslut om att hela organisationen ska "
        "jämställdhetsintegrera sin verksamhet.",
        "The elected assembly has formally decided that the whole organisation will "
        "gender-mainstream its work.",
        "Börja här: beslutet ger mandat åt allt annat arbete. Ange gärna när och i vilket "
        "organ beslutet togs.",
        "Start here: the decision gives the mandate for everything else. Note when and by "
        "which body it was taken.",
    ),
    (
        2,
        1,
        "Politiken frågar efter resultat",
        "Politicians ask for results",
        "De förtroendevalda efterfrågar och följer upp vad arbetet med jämställdhetsintegrering "
        "leder till.",
        "The elected members ask for, and follow up, what the gender-mainstreaming work achieves.",
        "Till exempel kan en ledande politiker få ett särskilt ansvar, eller ett utskott få "
        "mandat att driva frågan.",
        "For instance, a leading politician may be given special responsibility, or a committee "
        "a mandate to drive the work.",
    ),
    (
        3,
        1,
        "Ledningen ser till att det blir gjort",
        "Top management makes it happen",
        "Högsta chefer för ut beslutet och säkrar genomförandet: organisering, resurser, "
        "plats på ledningsgruppens dagordning och i dialogen med andra chefer.",
        "Top managers pass the decision on and make sure it is carried out: organisation, "
        "resources, a place on management agendas and in dialogue with other managers.",
        "",
        "",
    ),
    (
        4,
        1,
        "Kompetens och samordning",
        "Competence and coordination",
        "Ledningen säkrar organisationens kunskap. Det finns personer med mandat, kompetens och "
        "ett samordnande uppdrag.",
        "Management secures the organisation's knowledge. There are people with a mandate, the "
        "skills and a coordinating role.",
        "",
        "",
    ),
    (
        5,
        1,
        "Jämställdhet i mål och budget",
        "Gender equality in goals and budget",
        "Jämställdhetsperspektivet syns i mål, budget och andra styrdokument, både övergripande "
        "och i verksamheterna.",
        "The gender perspective shows in goals, budget and other steering documents, both "
        "overall and in the operations.",
        "",
        "",
    ),
    (
        6,
        2,
        "Könsuppdelad statistik som analyseras",
        "Sex-disaggregated statistics, analysed",
        "All statistik som rör individer redovisas uppdelad på kön och analyseras.",
        "All statistics about individuals are reported by sex and analysed.",
        "Politiker kan skicka tillbaka underlag som saknar könsuppdelad statistik.",
        "Politicians can send back papers that lack statistics by sex.",
    ),
    (
        7,
        2,
        "Konsekvenser i beslutsunderlag",
        "Consequences in decision papers",
        "Beslutsunderlag beskriver vad förslaget betyder för kvinnor och män, flickor och pojkar, "
        "med en analys mot organisationens jämställdhetsmål.",
        "Decision papers describe what a proposal means for women and men, girls and boys, with "
        "an analysis against the organisation's gender-equality goals.",
        "Ofullständiga underlag kan återremitteras, eller bristen noteras i protokollet.",
        "Incomplete papers can be referred back, or the gap noted in the minutes.",
    ),
    (
        8,
        2,
        "Syns i den ordinarie uppföljningen",
        "Visible in regular follow-up",
        "Resultat för kvinnor och män, flickor och pojkar går att läsa ut ur den vanliga "
        "verksamhets- och budgetuppföljningen, utan ett särskilt system.",
        "Results for women and men, girls and boys can be read from the regular operational and "
        "budget follow-up, without a separate system.",
        "Chefer ser till att uppföljningssystemet visar utfall per kön.",
        "Managers make sure the follow-up system shows outcomes by sex.",
    ),
    (
        9,
        3,
        "Konkreta och varaktiga förbättringar",
        "Concrete, lasting improvements",
        "Arbetet har lett till konkreta förbättringar i verksamheten som består över tid.",
        "The work has led to concrete improvements in the operations that last over time.",
        "",
        "",
    ),
    (
        10,
        3,
        "Kan systematiseras och spridas",
        "Can be systematised and shared",
        "Organisationens sätt att jämställdhetsintegrera kan beskrivas systematiskt och föras "
        "över till andra verksamheter och organisationer.",
        "The organisation's way of gender-mainstreaming can be described systematically and "
        "carried over to other operations and organisations.",
        "",
        "",
    ),
]


@transaction.atomic
def seed_checklist() -> ChecklistVersion:
    version, _ = ChecklistVersion.objects.update_or_create(
        code=VERSION_CODE,
        defaults={
            "name_sv": "Checklista för jämställdhetsintegrering (tio moment, skala 1–3)",
            "name_en": "Gender-mainstreaming checklist (ten items, scale 1–3)",
            "valid_from": date(2019, 1, 1),
        },
    )
    if not ChecklistVersion.objects.filter(is_default=True).exclude(pk=version.pk).exists():
        ChecklistVersion.objects.filter(pk=version.pk).update(is_default=True)
        version.is_default = True
    for value, label_sv, label_en in LEVELS:
        ScaleLevel.objects.update_or_create(
            version=version, value=value, defaults={"label_sv": label_sv, "label_en": label_en}
        )
    groups = {}
    for position, title_sv, title_en in GROUPS:
        groups[position], _ = ChecklistGroup.objects.update_or_create(
            version=version,
            position=position,
            defaults={"title_sv": title_sv, "title_en": title_en},
        )
    for number, group, short_sv, short_en, text_sv, text_en, guide_sv, guide_en in ITEMS:
        ChecklistItem.objects.update_or_create(
            version=version,
            number=number,
            defaults={
                "group": groups[group],
                "short_title_sv": short_sv,
                "short_title_en": short_en,
                "text_sv": text_sv,
                "text_en": text_en,
                "guidance_sv": guide_sv,
                "guidance_en": guide_en,
            },
        )
    return version


# organisation code -> (BM1 scores, BM2 scores)
DEMO_SCORES = {
    "2580": ([3, 3, 3, 2, 3, 2, 3, 2, 3, 2], [3, 3, 3, 3, 3, 2, 3, 3, 3, 2]),  # Luleå
    "2582": ([2, 1, 2, 1, 2, 1, 1, 1, 1, 1], [3, 2, 2, 2, 2, 1, 2, 1, 2, 1]),  # Boden
    "2581": ([2, 2, 2, 2, 1, 2, 1, 2, 1, 1], [2, 2, 3, 2, 2, 2, 2, 2, 1, 1]),  # Piteå
    "0380": ([3, 2, 3, 3, 2, 3, 2, 2, 2, 2], [3, 3, 3, 3, 3, 3, 2, 3, 2, 2]),  # Uppsala
    "0484": ([1, 1, 2, 1, 1, 2, 1, 1, 1, 1], [2, 1, 2, 2, 1, 2, 1, 1, 1, 1]),  # Eskilstuna
    "0188": ([2, 1, 1, 2, 1, 1, 1, 2, 1, 1], [2, 2, 1, 2, 2, 1, 1, 2, 1, 1]),  # Norrtälje
    "0005": ([3, 2, 2, 2, 2, 2, 2, 1, 2, 2], [3, 3, 2, 3, 2, 2, 2, 2, 2, 2]),  # Östergötland
}
DEMO_COMMENTS = {
    (Occasion.BM1, 1): "Beslut i fullmäktige 2025, men det är inte känt i hela organisationen.",
    (Occasion.BM1, 6): "Statistiken finns men analyseras sällan.",
    (Occasion.BM2, 2): "Kommunstyrelsen följer nu upp arbetet två gånger per år.",
    (Occasion.BM2, 6): "Analys av könsuppdelad statistik ingår i delårsrapporten.",
}
# Days before today the demo assessments were submitted: BM1 before the demo's BM1 meetings
# (three weeks ago), BM2 just before the coming BM2 meetings.
DEMO_DAYS_AGO = {Occasion.BM1: 24, Occasion.BM2: 1}


def _demo_submitted_at(occasion: str) -> datetime:
    day = timezone.localdate() - timedelta(days=DEMO_DAYS_AGO[occasion])
    return datetime.combine(day, time(15, 0), tzinfo=STOCKHOLM)


@transaction.atomic
def seed_assessments() -> None:
    """Submitted BM1 and BM2 assessments for the organisations of the current demo cohort."""
    version = seed_checklist()
    cohort = Cohort.objects.filter(name=CURRENT_COHORT).first()
    if cohort is None:
        return
    items = {item.number: item for item in version.items.all()}
    enrolments = Enrolment.objects.filter(
        cohort=cohort, organisation__code__in=DEMO_SCORES
    ).select_related("organisation")
    for enrolment in enrolments:
        organisation = enrolment.organisation
        members = [m.user for m in Membership.objects.filter(organisation=organisation)]
        for occasion, scores in zip(
            (Occasion.BM1, Occasion.BM2), DEMO_SCORES[organisation.code], strict=True
        ):
            submitted_at = _demo_submitted_at(occasion)
            assessment, _ = Assessment.objects.update_or_create(
                organisation=organisation,
                cohort=cohort,
                occasion=occasion,
                defaults={
                    "version": version,
                    "status": Assessment.Status.SUBMITTED,
                    "assessed_on": submitted_at.date(),
                    "submitted_at": submitted_at,
                    "submitted_by": members[0] if members else None,
                    "other_participants": "Kommunstyrelsens ordförande, kommundirektör",
                },
            )
            assessment.participants.set(members)
            for number, score in enumerate(scores, start=1):
                comment = DEMO_COMMENTS.get((occasion, number), "")
                row, created = ItemScore.objects.get_or_create(
                    assessment=assessment,
                    item=items[number],
                    defaults={"score": score, "comment": comment, "revision": 1},
                )
                if not created and (row.score, row.comment) != (score, comment):
                    row.score, row.comment = score, comment
                    row.save(update_fields=["score", "comment", "updated_at"])
