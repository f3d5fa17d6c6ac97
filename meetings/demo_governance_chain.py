"""Demo data of the governance chain (styrkedjan): every benchmarking organisation of the
current cohort described its chain at BM1 (held three weeks ago); Boden has started to revisit
it for BM3, so its BM3 page shows the change. Safe to run again: it leaves the same rows."""

from portal.demo import CURRENT_COHORT
from portal.models import Enrolment, Membership, TeamRole

from .models import GovernanceLink

YES, PART, NO = (
    GovernanceLink.State.INTEGRATED,
    GovernanceLink.State.PARTLY,
    GovernanceLink.State.MISSING,
)
L = GovernanceLink.Link

# Per link: state, evidence, owner, roles. The evidence is the kind a team writes at BM1.
BM1_CHAIN = {
    L.GOALS: (
        PART,
        "Fullmäktiges mål nämner jämställdhet i ett av fyra målområden, utan mått uppdelade på kön.",
        "Kommundirektören",
        [TeamRole.POLITICIAN, TeamRole.MANAGER],
    ),
    L.BUDGET: (
        NO,
        "Budgeten fördelas utan analys av vilka kvinnor och män, flickor och pojkar som får del av den.",
        "Ekonomichefen",
        [TeamRole.CONTROLLER],
    ),
    L.COMMITTEE_PLANS: (
        PART,
        "Två av sex nämnder har könsuppdelade mål i sina planer.",
        "Nämndsekreterarna",
        [TeamRole.STRATEGIST],
    ),
    L.OPERATIONAL_PLANS: (
        NO,
        "Verksamhetsplanerna saknar jämställdhetsanalys.",
        "",
        [],
    ),
    L.FOLLOW_UP: (
        YES,
        "Årsredovisningen redovisar all individbaserad statistik uppdelad på kön sedan 2025.",
        "Controllern",
        [TeamRole.CONTROLLER, TeamRole.STATISTICIAN],
    ),
    L.DECISION_PAPERS: (
        PART,
        "Mallen för tjänsteskrivelser frågar efter konsekvenser för kvinnor och män, men fältet lämnas ofta tomt.",
        "Kanslichefen",
        [TeamRole.MANAGER],
    ),
}
# Boden's BM3 draft: three links revisited so far.
BM3_REVISITED = {
    L.BUDGET: (
        PART,
        "Budgetunderlaget för 2027 innehåller en könsuppdelad analys av fritidsstöden.",
        "Ekonomichefen",
        [TeamRole.CONTROLLER, TeamRole.POLITICIAN],
    ),
    L.OPERATIONAL_PLANS: (
        PART,
        "Socialtjänstens och skolans verksamhetsplaner har könsuppdelade mål.",
        "Förvaltningscheferna",
        [TeamRole.MANAGER],
    ),
    L.DECISION_PAPERS: (
        YES,
        "Tjänsteskrivelser utan ifylld konsekvensanalys skickas tillbaka av kansliet.",
        "Kanslichefen",
        [TeamRole.MANAGER, TeamRole.STRATEGIST],
    ),
}
BODEN = "2582"
# Each organisation's BM1 chain differs a little: shift the states round the chain.
SHIFT = {BODEN: 0, "2581": 1, "0484": 2, "0188": 3, "0005": 4}


def _save(enrolment: Enrolment, occasion: str, chain: dict, by) -> None:
    for link, (state, evidence, owner, roles) in chain.items():
        GovernanceLink.objects.get_or_create(
            organisation_id=enrolment.organisation_id,
            cohort_id=enrolment.cohort_id,
            occasion=occasion,
            link=link,
            defaults={
                "state": state,
                "evidence": evidence,
                "owner": owner,
                "roles": [str(role) for role in roles],
                "updated_by": by,
            },
        )


def seed_governance_chains() -> None:
    enrolments = Enrolment.objects.filter(
        cohort__name=CURRENT_COHORT, role=Enrolment.Role.BENCHMARKING
    ).select_related("organisation")
    states = [entry[0] for entry in BM1_CHAIN.values()]
    for enrolment in enrolments:
        by = (
            Membership.objects.filter(organisation_id=enrolment.organisation_id)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        by = by.user if by else None
        shift = SHIFT.get(enrolment.organisation.code, 0)
        chain = {
            link: (states[(index + shift) % len(states)], *rest)
            for index, (link, (_state, *rest)) in enumerate(BM1_CHAIN.items())
        }
        _save(enrolment, GovernanceLink.OCCASIONS[0], chain, by)
        if enrolment.organisation.code == BODEN:
            _save(enrolment, GovernanceLink.OCCASIONS[1], BM3_REVISITED, by)
