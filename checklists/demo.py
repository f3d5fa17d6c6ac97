"""Long because it is content, not code: the ten-item checklist (scale 1–3) in our own
words, with guidance per item, and demo assessments for BM1 and BM2 that show movement.
Idempotent: seeding twice leaves identical rows."""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple
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

# (number, group, short sv, short en, text sv, text en)
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
    ),
    (
        2,
        1,
        "Politiken frågar efter resultat",
        "Politicians ask for results",
        "De förtroendevalda efterfrågar och följer upp vad arbetet med jämställdhetsintegrering "
        "leder till.",
        "The elected members ask for, and follow up, what the gender-mainstreaming work achieves.",
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
    ),
    (
        6,
        2,
        "Könsuppdelad statistik som analyseras",
        "Sex-disaggregated statistics, analysed",
        "All statistik som rör individer redovisas uppdelad på kön och analyseras.",
        "All statistics about individuals are reported by sex and analysed.",
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
    ),
    (
        9,
        3,
        "Konkreta och varaktiga förbättringar",
        "Concrete, lasting improvements",
        "Arbetet har lett till konkreta förbättringar i verksamheten som består över tid.",
        "The work has led to concrete improvements in the operations that last over time.",
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
    ),
]


class ItemGuidance(NamedTuple):
    """What an item means and what each core role does for it, in Swedish and English."""

    guidance_sv: str
    guidance_en: str
    politicians_sv: str
    politicians_en: str
    managers_sv: str
    managers_en: str
    strategists_sv: str
    strategists_en: str
    cemr_sv: str
    cemr_en: str


# Guidance per item, in our own words after SKR's Vägledning för jämställdhetsintegrering
# (2019–2021, ten moments): what the item means, what politicians, managers and strategists each
# do for it, and the articles of the CEMR charter (2006 numbering) it relates to. The mapping of
# items to articles is our reading, not SKR's: the page says so.
GUIDANCE = {
    1: ItemGuidance(
        guidance_sv=(
            "Fullmäktige beslutar att hela organisationen ska jämställdhetsintegrera sin "
            "verksamhet. Beslutet ger mandat åt allt annat arbete och bör därför komma först. "
            "Det tar ofta formen av att organisationen undertecknar CEMR-deklarationen eller "
            "antar Agenda 2030, och det bör också gälla de kommunala bolagen. Ange gärna när och "
            "i vilket organ beslutet togs."
        ),
        guidance_en=(
            "The elected assembly decides that the whole organisation will gender-mainstream "
            "its work. The decision gives the mandate for everything else, so it should come "
            "first. It often takes the form of signing the CEMR charter or adopting the 2030 "
            "Agenda, and it should cover the municipal companies too. Note when and by which "
            "body it was taken."
        ),
        politicians_sv=(
            "Tar initiativ till beslutet, fattar det i fullmäktige och ser till att det gäller "
            "nämnder och bolag."
        ),
        politicians_en=(
            "Take the initiative, adopt the decision in the assembly and make sure it applies "
            "to committees and companies."
        ),
        managers_sv=(
            "Tar fram underlaget inför beslutet och förklarar vad det innebär för förvaltningarna."
        ),
        managers_en=(
            "Prepare the papers for the decision and explain what it means for the departments."
        ),
        strategists_sv=(
            "Bidrar med kunskap om jämställdhetsintegrering och förslag på hur beslutet kan "
            "formuleras och följas upp."
        ),
        strategists_en=(
            "Contribute knowledge of gender mainstreaming and propose how the decision can be "
            "worded and followed up."
        ),
        cemr_sv="Art. 1, 4, 8",
        cemr_en="Art. 1, 4, 8",
    ),
    2: ItemGuidance(
        guidance_sv=(
            "De förtroendevalda visar att frågan är viktig genom att fråga efter och följa upp "
            "vad arbetet leder till för invånarna, inte bara vilka aktiviteter som görs. En "
            "ledande politiker kan få ett särskilt ansvar, eller ett utskott eller en beredning "
            "få mandat att driva frågan."
        ),
        guidance_en=(
            "The elected members show that the work matters by asking for, and following up, "
            "what it achieves for residents, not only which activities are carried out. A "
            "leading politician may be given special responsibility, or a committee a mandate "
            "to drive the work."
        ),
        politicians_sv=(
            "Frågar efter resultat för kvinnor och män i uppföljningar och dialoger, och ger "
            "gärna någon ett särskilt ansvar."
        ),
        politicians_en=(
            "Ask for results for women and men in follow-ups and dialogues, and preferably give "
            "someone special responsibility."
        ),
        managers_sv=(
            "Redovisar resultaten så att politiken kan följa dem, och återkommer med vad som "
            "behöver ändras."
        ),
        managers_en=(
            "Report the results so that the politicians can follow them, and come back with "
            "what needs to change."
        ),
        strategists_sv=(
            "Hjälper politiken att formulera frågor och uppdrag, och föreslår hur resultaten kan "
            "redovisas."
        ),
        strategists_en=(
            "Help the politicians frame questions and assignments, and propose how results can "
            "be reported."
        ),
        cemr_sv="Del II (handlingsplan och uppföljning)",
        cemr_en="Part II (action plan and monitoring)",
    ),
    3: ItemGuidance(
        guidance_sv=(
            "De högsta cheferna, kommun- eller regiondirektören och ledningsgruppen, för ut det "
            "politiska beslutet i organisationen och ser till att det genomförs. Det betyder att "
            "organisera arbetet, avsätta resurser, ta upp jämställdhet på ledningsgruppens "
            "dagordning och i dialogen med andra chefer."
        ),
        guidance_en=(
            "The top managers, the chief executive and the management team, pass the political "
            "decision on through the organisation and make sure it is carried out. That means "
            "organising the work, setting aside resources, putting gender equality on the "
            "management team's agenda and into the dialogue with other managers."
        ),
        politicians_sv=(
            "Ger ledningen ett tydligt uppdrag och frågar regelbundet hur genomförandet går."
        ),
        politicians_en=(
            "Give top management a clear assignment and ask regularly how the work is going."
        ),
        managers_sv=(
            "Organiserar arbetet, fördelar resurser och följer upp det i ledningsgruppen och i "
            "dialogen med andra chefer."
        ),
        managers_en=(
            "Organise the work, allocate resources and follow it up in the management team and "
            "in the dialogue with other managers."
        ),
        strategists_sv=(
            "Stöttar ledningen med planer och underlag, och föreslår hur ansvaret kan fördelas."
        ),
        strategists_en=(
            "Support top management with plans and papers, and propose how responsibility can "
            "be shared."
        ),
        cemr_sv="Art. 8; del II (handlingsplan med resurser)",
        cemr_en="Art. 8; Part II (resourced action plan)",
    ),
    4: ItemGuidance(
        guidance_sv=(
            "Ledningen ser till att organisationen har den kunskap som behövs: chefer och "
            "medarbetare vet vad jämställdhetsintegrering betyder för deras egna uppgifter. Det "
            "finns också personer, till exempel strateger, med mandat, kompetens och ett "
            "samordnande uppdrag som stöttar förvaltningar och verksamheter."
        ),
        guidance_en=(
            "Management makes sure the organisation has the knowledge it needs: managers and "
            "staff know what gender mainstreaming means for their own tasks. There are also "
            "people, strategists for instance, with a mandate, the skills and a coordinating "
            "role who support departments and operations."
        ),
        politicians_sv=(
            "Frågar efter om kompetensen finns och avsätter pengar för utbildning och samordning."
        ),
        politicians_en=(
            "Ask whether the competence is there and set aside money for training and coordination."
        ),
        managers_sv=(
            "Ser till att chefer och medarbetare får utbildning och att de som samordnar har "
            "mandat och tid."
        ),
        managers_en=(
            "Make sure managers and staff are trained and that those who coordinate have the "
            "mandate and the time."
        ),
        strategists_sv=(
            "Samordnar arbetet, sprider kunskap och stöttar verksamheterna med metoder och verktyg."
        ),
        strategists_en=(
            "Coordinate the work, spread knowledge and support the operations with methods and "
            "tools."
        ),
        cemr_sv="Art. 11",
        cemr_en="Art. 11",
    ),
    5: ItemGuidance(
        guidance_sv=(
            "Jämställdhet finns med i de dokument som styr verksamheten: mål, budget, "
            "verksamhetsplaner och andra styrdokument, både övergripande och i nämnder och "
            "verksamheter. Målen går att följa upp och säger något om resultat för kvinnor och "
            "män, flickor och pojkar."
        ),
        guidance_en=(
            "Gender equality is part of the documents that steer the work: goals, budget, "
            "operational plans and other steering documents, both overall and in committees and "
            "operations. The goals can be followed up and say something about results for "
            "women and men, girls and boys."
        ),
        politicians_sv=("Beslutar om jämställdhetsmål och om hur resurserna fördelas i budgeten."),
        politicians_en=("Decide on gender-equality goals and on how the budget shares resources."),
        managers_sv=(
            "Bryter ned målen i verksamhetsplaner och ser till att de får genomslag i "
            "verksamheterna."
        ),
        managers_en=(
            "Break the goals down into operational plans and make sure they take effect in the "
            "operations."
        ),
        strategists_sv=(
            "Granskar styrdokumenten och föreslår hur jämställdhet kan skrivas in i mål, "
            "indikatorer och budget."
        ),
        strategists_en=(
            "Review the steering documents and propose how gender equality can be written into "
            "goals, indicators and the budget."
        ),
        cemr_sv="Art. 8; del II (handlingsplan)",
        cemr_en="Art. 8; Part II (action plan)",
    ),
    6: ItemGuidance(
        guidance_sv=(
            "All statistik som rör individer redovisas uppdelad på kön, och skillnaderna mellan "
            "kvinnor och män, flickor och pojkar analyseras: vad beror de på och vad betyder de "
            "för verksamheten? Det är grunden för att se om alla får likvärdig service."
        ),
        guidance_en=(
            "All statistics about individuals are reported by sex, and the differences between "
            "women and men, girls and boys are analysed: what causes them and what do they mean "
            "for the service? This is the basis for seeing whether everyone gets an equal "
            "service."
        ),
        politicians_sv=(
            "Skickar tillbaka underlag som saknar könsuppdelad statistik och frågar vad "
            "skillnaderna beror på."
        ),
        politicians_en=(
            "Send back papers that lack statistics by sex, and ask what causes the differences."
        ),
        managers_sv=(
            "Ser till att system och rapporter tar fram statistik per kön och att den analyseras."
        ),
        managers_en=(
            "Make sure systems and reports produce statistics by sex and that they are analysed."
        ),
        strategists_sv=(
            "Stöttar med metoder för att analysera statistiken och tolka skillnaderna."
        ),
        strategists_en=("Support with methods for analysing the statistics and reading the gaps."),
        cemr_sv="Art. 9 (jämställdhetsanalys)",
        cemr_en="Art. 9 (gender assessment)",
    ),
    7: ItemGuidance(
        guidance_sv=(
            "Beslutsunderlag beskriver vad förslaget betyder för kvinnor och män, flickor och "
            "pojkar, med en analys mot organisationens jämställdhetsmål. Då kan de "
            "förtroendevalda se vad de beslutar om och välja det som ger en jämställd service."
        ),
        guidance_en=(
            "Decision papers describe what a proposal means for women and men, girls and boys, "
            "with an analysis against the organisation's gender-equality goals. The elected "
            "members can then see what they are deciding and choose what gives an equal "
            "service."
        ),
        politicians_sv=(
            "Återremitterar ofullständiga underlag, eller noterar bristen i protokollet."
        ),
        politicians_en=("Refer incomplete papers back, or note the gap in the minutes."),
        managers_sv=(
            "Ser till att mallar och rutiner för beslutsunderlag kräver en konsekvensanalys och "
            "att handläggarna kan göra den."
        ),
        managers_en=(
            "Make sure templates and routines for decision papers require an impact analysis "
            "and that officers know how to do it."
        ),
        strategists_sv=(
            "Tar fram stöd och exempel för konsekvensanalyser och hjälper handläggarna med "
            "svåra fall."
        ),
        strategists_en=(
            "Provide guidance and examples for impact analyses and help officers with difficult "
            "cases."
        ),
        cemr_sv="Art. 9 (jämställdhetsanalys)",
        cemr_en="Art. 9 (gender assessment)",
    ),
    8: ItemGuidance(
        guidance_sv=(
            "Resultat för kvinnor och män, flickor och pojkar går att läsa ut ur den vanliga "
            "uppföljningen av verksamhet och budget. Jämställdhet följs alltså inte upp i ett "
            "eget system vid sidan av, utan i den styrning och uppföljning som redan finns."
        ),
        guidance_en=(
            "Results for women and men, girls and boys can be read from the regular follow-up "
            "of operations and budget. Gender equality is not followed up in a separate system "
            "on the side, but within the steering and follow-up that already exist."
        ),
        politicians_sv=(
            "Frågar efter könsuppdelade resultat i delårs- och årsrapporter och agerar på dem."
        ),
        politicians_en=(
            "Ask for results by sex in the interim and annual reports, and act on them."
        ),
        managers_sv=(
            "Ser till att uppföljningssystemet visar utfall per kön och att avvikelser leder "
            "till åtgärder."
        ),
        managers_en=(
            "Make sure the follow-up system shows outcomes by sex and that gaps lead to action."
        ),
        strategists_sv=(
            "Föreslår mått och analyser som gör skillnaderna synliga i den ordinarie uppföljningen."
        ),
        strategists_en=(
            "Propose measures and analyses that make the differences visible in the regular "
            "follow-up."
        ),
        cemr_sv="Art. 9; del II (uppföljning)",
        cemr_en="Art. 9; Part II (monitoring)",
    ),
    9: ItemGuidance(
        guidance_sv=(
            "Arbetet har lett till förbättringar som invånarna märker: verksamheten har ändrats "
            "så att kvinnor och män, flickor och pojkar får en mer jämställd service. "
            "Förändringen består över tid och hänger inte på enskilda personer eller projekt."
        ),
        guidance_en=(
            "The work has led to improvements that residents notice: the service has changed "
            "so that women and men, girls and boys are served more equally. The change lasts "
            "over time and does not depend on particular people or projects."
        ),
        politicians_sv=(
            "Frågar vilka förbättringar arbetet har gett och ser till att de blir en del av den "
            "ordinarie verksamheten."
        ),
        politicians_en=(
            "Ask which improvements the work has brought and make sure they become part of the "
            "regular service."
        ),
        managers_sv=(
            "Ger verksamheterna utrymme att pröva förändringar och ser till att det som fungerar "
            "blir kvar."
        ),
        managers_en=(
            "Give the operations room to try out changes and make sure what works is kept."
        ),
        strategists_sv=(
            "Stöttar förbättringsarbetet med metoder, följer upp effekterna och dokumenterar vad "
            "som gav resultat."
        ),
        strategists_en=(
            "Support the improvement work with methods, follow up the effects and record what "
            "made a difference."
        ),
        cemr_sv="Art. 13–23 (rollen som tjänsteutförare)",
        cemr_en="Art. 13–23 (the service delivery role)",
    ),
    10: ItemGuidance(
        guidance_sv=(
            "Organisationen kan beskriva hur den arbetar med jämställdhetsintegrering så att "
            "sättet går att upprepa i fler verksamheter och att föra över till andra kommuner "
            "och regioner. Arbetssättet är dokumenterat och inte beroende av enskilda eldsjälar."
        ),
        guidance_en=(
            "The organisation can describe how it gender-mainstreams so that the approach can "
            "be repeated in more operations and carried over to other municipalities and "
            "regions. The approach is documented and does not depend on a few enthusiasts."
        ),
        politicians_sv=(
            "Efterfrågar att goda exempel sprids och berättar om arbetet i egna och andras "
            "sammanhang."
        ),
        politicians_en=(
            "Ask for good examples to be spread, and talk about the work in their own and "
            "others' forums."
        ),
        managers_sv=(
            "Ser till att arbetssättet blir en del av organisationens rutiner och delas mellan "
            "förvaltningarna."
        ),
        managers_en=(
            "Make sure the approach becomes part of the organisation's routines and is shared "
            "between departments."
        ),
        strategists_sv=(
            "Dokumenterar arbetssättet och delar det med andra verksamheter och organisationer, "
            "till exempel i nätverk."
        ),
        strategists_en=(
            "Document the approach and share it with other operations and organisations, in "
            "networks for instance."
        ),
        cemr_sv="Art. 5, 30",
        cemr_en="Art. 5, 30",
    ),
}


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
    for number, group, short_sv, short_en, text_sv, text_en in ITEMS:
        guide = GUIDANCE[number]
        ChecklistItem.objects.update_or_create(
            version=version,
            number=number,
            defaults={
                "group": groups[group],
                "short_title_sv": short_sv,
                "short_title_en": short_en,
                "text_sv": text_sv,
                "text_en": text_en,
                "guidance_sv": guide.guidance_sv,
                "guidance_en": guide.guidance_en,
                "role_politicians_sv": guide.politicians_sv,
                "role_politicians_en": guide.politicians_en,
                "role_managers_sv": guide.managers_sv,
                "role_managers_en": guide.managers_en,
                "role_strategists_sv": guide.strategists_sv,
                "role_strategists_en": guide.strategists_en,
                "cemr_articles_sv": guide.cemr_sv,
                "cemr_articles_en": guide.cemr_en,
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
