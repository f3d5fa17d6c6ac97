"""The question sets of the preparation tasks that are answered in words (StepTask.question_set
names one), and the competence inventory's areas, roles and levels. They are code rather than
data: the prefilled presentations place each answer on its own slide, so a question's key must
not change under a running cohort."""

from dataclasses import dataclass

from django.utils.translation import get_language

from portal.models import TeamRole

ANSWER_MAX_LENGTH = 5000  # characters per answer: a slide's worth, and then some


@dataclass(frozen=True)
class Question:
    key: str
    text_sv: str
    text_en: str
    hint_sv: str = ""
    hint_en: str = ""
    required: bool = True

    @property
    def text(self) -> str:
        return self.text_en if _english() else self.text_sv

    @property
    def hint(self) -> str:
        return self.hint_en if _english() else self.hint_sv


@dataclass(frozen=True)
class QuestionSet:
    code: str
    title_sv: str
    title_en: str
    questions: tuple[Question, ...]

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_sv

    @property
    def required_keys(self) -> frozenset[str]:
        return frozenset(question.key for question in self.questions if question.required)


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


def _improvement_areas(count: int) -> tuple[Question, ...]:
    """Up to `count` improvement areas, each a line of its own with why it matters; the first
    is required, so the task is done once one area is named."""
    return tuple(
        Question(
            key=f"area_{number}",
            text_sv=f"Förbättringsområde {number}",
            text_en=f"Improvement area {number}",
            hint_sv="Vad vill ni förbättra, och varför? Hänvisa gärna till en punkt i checklistan.",
            hint_en="What do you want to improve, and why? You may refer to an item of the "
            "checklist.",
            required=number == 1,
        )
        for number in range(1, count + 1)
    )


QUESTION_SETS: dict[str, QuestionSet] = {
    qs.code: qs
    for qs in (
        QuestionSet(
            code="bm1_governance",
            title_sv="Styrning och ledning i dag",
            title_en="Governance and management today",
            questions=(
                Question(
                    key="system",
                    text_sv="Hur ser organisationens styrsystem ut, och var finns ett "
                    "jämställdhetsperspektiv med i dag?",
                    text_en="What does the organisation's governance system look like, and "
                    "where is a gender-equality perspective part of it today?",
                    hint_sv="Tänk på mål, budget, uppdrag, uppföljning och beslutsunderlag.",
                    hint_en="Think of goals, budget, assignments, follow-up and decision "
                    "documents.",
                ),
                Question(
                    key="missing",
                    text_sv="Var saknas jämställdhetsperspektivet?",
                    text_en="Where is the gender-equality perspective missing?",
                ),
                Question(
                    key="known_problems",
                    text_sv="Känner ni till ojämställdhetsproblem i verksamheten?",
                    text_en="Do you know of inequality problems in your services?",
                    hint_sv="Beskriv dem kort och hur ni fick kännedom om dem.",
                    hint_en="Describe them briefly and how you came to know of them.",
                ),
                Question(
                    key="who_works",
                    text_sv="Vilka funktioner eller personer arbetar aktivt med jämställdhet, "
                    "och vilka gör det inte?",
                    text_en="Which functions or people work actively with gender equality, "
                    "and which do not?",
                ),
                Question(
                    key="over_time",
                    text_sv="Hur har styrningen över tid påverkat jämställdhetsarbetet och "
                    "organisationen, och hur påverkar den nu?",
                    text_en="How has governance over time affected the gender-equality work "
                    "and the organisation, and how does it now?",
                ),
            ),
        ),
        QuestionSet(
            code="bm1_improvement_areas",
            title_sv="Förbättringsområden",
            title_en="Improvement areas",
            questions=_improvement_areas(5),
        ),
        QuestionSet(
            code="bm3_improvement_status",
            title_sv="Nuläget i förbättringsarbetet",
            title_en="Where the improvement work stands",
            questions=(
                Question(
                    key="done",
                    text_sv="Vad har ni gjort sedan förbättringsarbetet påbörjades vid första "
                    "träffen?",
                    text_en="What have you done since the improvement work began at the first "
                    "meeting?",
                ),
                Question(
                    key="changed",
                    text_sv="Vad har förändrats?",
                    text_en="What has changed?",
                    hint_sv="I styrningen, i verksamheten eller för dem ni är till för.",
                    hint_en="In governance, in the services or for the people you serve.",
                ),
                Question(
                    key="next",
                    text_sv="Vad är nästa steg?",
                    text_en="What is the next step?",
                ),
            ),
        ),
        QuestionSet(
            code="bm3_statistics",
            title_sv="Statistik och analys i besluten",
            title_en="Statistics and analysis in decisions",
            questions=(
                Question(
                    key="reporting",
                    text_sv="Hur redovisar organisationen individbaserad statistik efter kön?",
                    text_en="How does the organisation report individual-based statistics by sex?",
                ),
                Question(
                    key="use",
                    text_sv="Hur använder ni statistiken?",
                    text_en="How do you use the statistics?",
                ),
                Question(
                    key="follow_up",
                    text_sv="Hur följer ni upp den?",
                    text_en="How do you follow it up?",
                ),
                Question(
                    key="analyses",
                    text_sv="Var i beslutsprocesserna kommer jämställdhetsanalyser in?",
                    text_en="Where do gender analyses enter your decision processes?",
                ),
                Question(
                    key="problems",
                    text_sv="Vilka ojämställdhetsproblem visar siffrorna?",
                    text_en="Which inequality problems do the figures show?",
                ),
            ),
        ),
    )
}


# The sets a step's prefilled presentation shows when its meeting has no task naming them.
STEP_QUESTION_SETS: dict[str, tuple[str, ...]] = {
    "bm1": ("bm1_governance", "bm1_improvement_areas"),
    "bm3": ("bm3_improvement_status", "bm3_statistics"),
}


# --- The competence inventory -------------------------------------------------------------------

# The areas of the BM1 step's competence list, in its order.
COMPETENCE_AREAS: tuple[tuple[str, str, str], ...] = (
    ("gender_equality", "Jämställdhet", "Gender equality"),
    ("gender_analysis", "Jämställdhetsanalys", "Gender analysis"),
    ("governance", "Styrning", "Governance"),
    ("management", "Ledning", "Management"),
    ("follow_up", "Uppföljning", "Follow-up"),
    ("improvement", "Förbättringsarbete", "Improvement work"),
    ("change", "Förändringsledning", "Leading change"),
    ("communication", "Kommunikation", "Communication"),
)
COMPETENCE_ROLES = (TeamRole.POLITICIAN, TeamRole.MANAGER, TeamRole.STRATEGIST)
COMPETENCE_LEVELS: tuple[tuple[int, str, str], ...] = (
    (1, "Behöver stärkas", "Needs strengthening"),
    (2, "Finns delvis", "Partly there"),
    (3, "Finns väl", "Well established"),
)


def area_label(key: str) -> str:
    for code, sv, en in COMPETENCE_AREAS:
        if code == key:
            return en if _english() else sv
    return key


def level_label(level: int | None) -> str:
    for value, sv, en in COMPETENCE_LEVELS:
        if value == level:
            return en if _english() else sv
    return ""
