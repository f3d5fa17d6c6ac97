"""Demo lessons for the page "Förflyttning och lärdomar": what the demo organisations of the
current cohort learnt from how their items moved between BM1 and BM2, written through the
service (idempotent: unchanged texts are left alone)."""

from portal.demo import CURRENT_COHORT
from portal.models import Cohort, Membership

from .models import Assessment, Occasion
from .services_lessons import LessonText, item_lessons_save

# organisation code -> item number -> (lesson, next improvement in governance)
DEMO_LESSONS = {
    "2582": {  # Boden
        1: (
            "Beslutet i fullmäktige blev känt först när kommundirektören tog upp det i "
            "ledningsgruppen varje månad.",
            "Skriv in beslutet i den nya styrmodellen så att det följer med i varje plan.",
        ),
        2: (
            "Kommunstyrelsens frågor fick förvaltningarna att redovisa resultat för kvinnor "
            "och män.",
            "Gör jämställdhet till en stående punkt i kommunstyrelsens uppföljning i april och "
            "oktober.",
        ),
        4: (
            "Nätverket av strateger gav samordning, men kunskapen är ojämnt spridd bland cheferna.",
            "Utbilda alla chefer i jämställdhetsintegrering under våren.",
        ),
        5: (
            "Målen i budgeten är fortfarande allmänt skrivna: vi har inte kommit vidare här.",
            "Formulera två mätbara jämställdhetsmål i budgeten för nästa år.",
        ),
        6: (
            "Statistiken finns, men ingen har haft i uppdrag att analysera den.",
            "Ge statistikern i uppdrag att analysera tre nyckeltal per kön inför delårsrapporten.",
        ),
    },
    "2581": {  # Piteå
        3: (
            "När förvaltningscheferna fick egna uppdrag i verksamhetsplanen blev arbetet gjort.",
            "Följ upp uppdragen i chefernas medarbetarsamtal.",
        ),
        5: ("Budgetdialogen tog upp jämställdhet för första gången.", ""),
    },
    "2580": {  # Luleå
        4: (
            "Samordningen fungerar när en strateg har mandat över förvaltningsgränserna.",
            "Permanenta strategens mandat i nästa organisationsbeslut.",
        ),
    },
}


def seed_lessons() -> None:
    """The lessons at BM2 of the current demo cohort's organisations above."""
    cohort = Cohort.objects.filter(name=CURRENT_COHORT).first()
    if cohort is None:
        return
    assessments = Assessment.objects.filter(
        cohort=cohort, occasion=Occasion.BM2, organisation__code__in=DEMO_LESSONS
    ).select_related("organisation", "version")
    for assessment in assessments:
        member = (
            Membership.objects.filter(organisation=assessment.organisation)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if member is None:
            continue
        item_lessons_save(
            assessment=assessment,
            lessons={
                number: LessonText(lesson=lesson, next_step=next_step)
                for number, (lesson, next_step) in DEMO_LESSONS[
                    assessment.organisation.code
                ].items()
            },
            by=member.user,
        )
