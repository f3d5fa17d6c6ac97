"""Demo stakeholder analyses: idempotent, so seeding twice leaves the same rows.

Every organisation of the current demo cohort gets a BM1 version; Boden also has a BM2 version
(one stakeholder added, one removed, one moved to another quadrant) to show the change view.
Rows have fixed identifiers derived from the organisation and the row, so a second run updates
them in place instead of adding new ones.
"""

import uuid
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from portal.demo import CURRENT_COHORT
from portal.models import Cohort, Enrolment, User
from portal.occasions import Occasion

from .models import (
    AnalysisVersion,
    Attitude,
    Category,
    Placement,
    Role,
    Stakeholder,
    StakeholderAnalysis,
)

DEMO_NAMESPACE = uuid.UUID("6f1c2a52-8a0e-4a39-9a55-3f2a8c1d7e10")

# (slug, name, category, placement, interest in the work, influence, interest, attitude, role,
#  benefit, conflicts and handling, key message, channel, next action, days after cohort start)
ROWS = [
    (
        "ks",
        "Kommunstyrelsen",
        Category.POLITICIANS,
        Placement.INTERNAL,
        "Ansvarar för styrningen och ska besluta om handlingsplanen för jämställdhet.",
        3,
        2,
        Attitude.POSITIVE,
        Role.DECIDE,
        "Bättre underlag för beslut och uppföljning av likvärdig service.",
        "Konkurrerar med andra prioriteringar i budgeten; koppla arbetet till befintliga mål.",
        "Jämställdhetsintegrering gör våra beslut träffsäkrare för alla invånare.",
        "Dragning på kommunstyrelsens sammanträde",
        "Boka dragning inför budgetberedningen",
        60,
    ),
    (
        "kd",
        "Kommundirektören och ledningsgruppen",
        Category.MANAGEMENT,
        Placement.INTERNAL,
        "Ska ge uppdrag till förvaltningarna och följa upp dem i ledningssystemet.",
        3,
        3,
        Attitude.POSITIVE,
        Role.RESOURCES,
        "Ett sammanhållet sätt att följa upp kvalitet och likvärdighet.",
        "Risk att arbetet ses som ett sidospår; bygg in det i ordinarie verksamhetsplanering.",
        "Arbetet är en del av vår ordinarie styrning, inte ett projekt vid sidan av.",
        "Ledningsgruppsmöte varannan månad",
        "Stämma av delrapport i ledningsgruppen",
        45,
    ),
    (
        "hr",
        "HR-avdelningen",
        Category.MANAGEMENT,
        Placement.INTERNAL,
        "Äger kompetensutveckling för chefer och statistik om personalen.",
        2,
        2,
        Attitude.NEUTRAL,
        Role.TAKE_PART,
        "Stöd i arbetet med likvärdiga villkor och löner.",
        "Begränsad tid under lönerevisionen; planera in insatser efter den.",
        "Könsuppdelad personalstatistik hjälper oss att hitta skillnader tidigt.",
        "Arbetsmöte med HR-chefen",
        "Ta fram könsuppdelad sjukfrånvarostatistik",
        75,
    ),
    (
        "enhetschefer",
        "Enhetschefer inom vård och omsorg",
        Category.STAFF,
        Placement.INTERNAL,
        "Leder verksamheten där biståndsbedömning och insatser ska analyseras.",
        2,
        3,
        Attitude.NEUTRAL,
        Role.TAKE_PART,
        "Verktyg för att se om kvinnor och män får likvärdiga insatser.",
        "Hög arbetsbelastning; erbjud färdiga analysunderlag och korta träffar.",
        "Små förändringar i bedömningen kan göra stor skillnad för brukarna.",
        "Chefsforum och intranätet",
        "Workshop om könsuppdelad statistik i hemtjänsten",
        90,
    ),
    (
        "fack",
        "Fackliga företrädare",
        Category.STAFF,
        Placement.INTERNAL,
        "Bevakar arbetsmiljö och villkor i kvinnodominerade yrken.",
        2,
        2,
        Attitude.POSITIVE,
        Role.BE_INFORMED,
        "Underlag om arbetsvillkor fördelat på kön.",
        "Olika syn på takt i förändringsarbetet; informera tidigt i samverkan.",
        "Vi vill ha samma bild av läget och arbeta mot samma mål.",
        "Central samverkansgrupp",
        "Informera i samverkansgruppen",
        100,
    ),
    (
        "brukare",
        "Äldre kvinnor och män med hemtjänst",
        Category.CITIZENS,
        Placement.EXTERNAL,
        "Berörs direkt av hur insatser beviljas och utförs.",
        1,
        3,
        Attitude.UNKNOWN,
        Role.BE_INFORMED,
        "Insatser som utgår från behov, inte från kön.",
        "Svårt att nå gruppen; använd pensionärsrådet och brukarundersökningen.",
        "Du ska få stöd efter dina behov.",
        "Kommunala pensionärsrådet",
        "Ta upp analysen på pensionärsrådets möte",
        120,
    ),
    (
        "foreningar",
        "Idrotts- och kulturföreningar",
        Category.CIVIL_SOCIETY,
        Placement.EXTERNAL,
        "Tar emot föreningsbidrag som ska fördelas likvärdigt mellan flickor och pojkar.",
        1,
        2,
        Attitude.NEGATIVE,
        Role.TAKE_PART,
        "Tydliga och förutsägbara regler för bidrag.",
        "Oro för minskade bidrag; visa statistik och ha en övergångsperiod.",
        "Alla barn ska ha samma möjlighet till en meningsfull fritid.",
        "Föreningsträff och nyhetsbrev",
        "Presentera bidragsstatistiken på föreningsträffen",
        150,
    ),
    (
        "media",
        "Lokala medier",
        Category.MEDIA,
        Placement.EXTERNAL,
        "Granskar kommunens arbete och kan sprida resultaten.",
        2,
        1,
        Attitude.NEUTRAL,
        Role.SPREAD,
        "Nyheter med lokal förankring.",
        "Risk för förenklad bild; erbjud konkreta exempel och talespersoner.",
        "Vi mäter och förbättrar – här är resultaten.",
        "Pressmeddelande och pressträff",
        "Förbered pressmeddelande efter BM1",
        70,
    ),
    (
        "lansstyrelsen",
        "Länsstyrelsen",
        Category.PUBLIC_BODIES,
        Placement.EXTERNAL,
        "Samordnar det regionala jämställdhetsarbetet och kan bidra med stöd.",
        1,
        1,
        Attitude.POSITIVE,
        Role.SPREAD,
        "Goda exempel till det regionala nätverket.",
        "Inga kända konflikter.",
        "Vi delar gärna våra lärdomar i länet.",
        "Regionalt nätverk för jämställdhet",
        "Anmäla intresse till nätverksträffen",
        180,
    ),
    (
        "naringsliv",
        "Företagarföreningen",
        Category.BUSINESS,
        Placement.EXTERNAL,
        "Berörs av upphandling och av kommunens service till företagare.",
        1,
        1,
        Attitude.UNKNOWN,
        Role.BE_INFORMED,
        "Likvärdig service till kvinnor och män som driver företag.",
        "Uppfattas som krångel; visa nyttan med konkreta exempel.",
        "Likvärdig service gynnar alla företagare.",
        "Frukostmöte för företagare",
        "",
        None,
    ),
]

# Boden's BM2: one removed, one moved, one added.
BM2_REMOVED = {"naringsliv"}
BM2_MOVED = {"foreningar": (2, 3)}
BM2_ADDED = (
    "unga",
    "Ungdomsrådet",
    Category.CITIZENS,
    Placement.EXTERNAL,
    "Unga tjejer och killar som använder fritidsgårdar och kollektivtrafik.",
    1,
    3,
    Attitude.POSITIVE,
    Role.TAKE_PART,
    "Möjlighet att påverka fritidsutbudet.",
    "Mötestider som passar skoltid; träffas efter skolan.",
    "Din röst gör skillnad för hur fritiden i kommunen ser ut.",
    "Ungdomsrådets möten och sociala medier",
    "Bjuda in ungdomsrådet till en dialog",
    210,
)


def _key(code: str, slug: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{code}:{slug}")


def _save_rows(version: AnalysisVersion, rows, *, code: str, starts_on: date, owners) -> None:
    keys = []
    for position, row in enumerate(rows):
        (slug, name, category, placement, why, influence, interest, attitude, role) = row[:9]
        benefit, conflicts, message, channel, action, days = row[9:]
        key = _key(code, slug)
        keys.append(key)
        Stakeholder.objects.update_or_create(
            version=version,
            key=key,
            defaults={
                "position": position,
                "name": name,
                "category": category,
                "placement": placement,
                "interest_in_work": why,
                "influence": influence,
                "interest": interest,
                "attitude": attitude,
                "role": role,
                "benefit": benefit,
                "conflicts": conflicts,
                "key_message": message,
                "channel": channel,
                "owner": owners[position % len(owners)] if owners else None,
                "next_action": action,
                "next_action_on": date.fromordinal(starts_on.toordinal() + days)
                if days is not None
                else None,
            },
        )
    version.stakeholders.exclude(key__in=keys).delete()


def _version(
    analysis: StakeholderAnalysis, occasion: str, *, at: datetime, based_on=None
) -> AnalysisVersion:
    version, _created = AnalysisVersion.objects.update_or_create(
        analysis=analysis,
        occasion=occasion,
        defaults={
            "based_on": based_on,
            "revision": 1,
            "updated_at": at,
            "ready_at": at,
        },
    )
    return version


@transaction.atomic
def seed_stakeholder_analyses() -> None:
    cohort = Cohort.objects.get(name=CURRENT_COHORT)
    updated_at = timezone.make_aware(datetime.combine(cohort.starts_on, time(10, 0)))
    for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("organisation"):
        organisation = enrolment.organisation
        owners = list(
            User.objects.filter(memberships__organisation=organisation, is_active=True).order_by(
                "email"
            )
        )
        analysis, _created = StakeholderAnalysis.objects.get_or_create(
            organisation=organisation, cohort=cohort
        )
        bm1 = _version(analysis, Occasion.BM1, at=updated_at)
        _save_rows(bm1, ROWS, code=organisation.code, starts_on=cohort.starts_on, owners=owners)
        if organisation.code == "2582":  # Boden
            bm2 = _version(analysis, Occasion.BM2, at=updated_at, based_on=bm1)
            rows = []
            for row in ROWS:
                if row[0] in BM2_REMOVED:
                    continue
                if row[0] in BM2_MOVED:
                    influence, interest = BM2_MOVED[row[0]]
                    row = (*row[:5], influence, interest, *row[7:])
                rows.append(row)
            rows.append(BM2_ADDED)
            _save_rows(bm2, rows, code=organisation.code, starts_on=cohort.starts_on, owners=owners)
