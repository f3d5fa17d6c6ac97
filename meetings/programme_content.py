"""Long because it is content, not code: the programme template as SKR runs it, the eight
steps with their purpose, goals, preparation tasks and materials, for participants and for the
organisers of the meetings.

Plain data, written in our own words from SKR's pages for each step (the source_url of a step),
so the seed, the tests and the programme office's editor all start from one place. BM1 and BM3
follow SKR's 2021 pages line by line; the other steps follow the background in DOMAIN.md.

A task's kind decides what proves it (see StepTask.proof): an uploaded presentation, the joint
self-assessment, the stakeholder analysis, structured answers (with their question set), or a
tick by hand. A material either links to SKR's original or names a document the portal makes
itself (portal_document), which the meeting page turns into a link to where it is made.
"""

# SKR's pages for the steps (the BM1 and BM3 pages are the 2021 versions read for the seeds).
_MODEL = "https://skr.se/demokratiledningstyrning/manskligarattigheterjamstalldhet/jamstalldhet"
_STEPS = _MODEL + "/modellkommunerregioner/modellforbenchmarking/modellsteg/"
_STEPS_2021 = (
    "https://skr.se/demokratiledningstyrning/manskligarattigheterjamlikhet/jamstalldhet"
    "/modellkommunerregioner/modellforbenchmarking/modellsteg/"
)
_STEPS_2019 = (
    _MODEL + "/jamstalldhetsintegrering/modellkommunerregioner/modellforbenchmarking/modellsteg/"
)

URL_UPPSTART = _STEPS_2021 + "2uppstart.11651.html"
URL_BM1 = _STEPS_2021 + "3forstabenchmarkingtraffenledningochstyrning.11652.html"
URL_HOME_1 = _STEPS + "3arbetepahemmaplan.11653.html"
URL_BM2 = _STEPS_2019 + "6tredjebenchmarkingtraffensystematisktforbattringsarbete.11654.html"
URL_HOME_2 = (
    "https://skl.se/demokratiledningstyrning/manskligarattigheterjamstalldhet/jamstalldhet"
    "/jamstalldhetsintegrering/modellkommunerregioner/modellforbenchmarking/modellsteg"
    "/5arbetepahemmaplan.11655.html"
)
URL_BM3 = _STEPS + "6tredjebenchmarkingtraffenfoljauppochanalyseraresultaten.11656.html"
URL_HOME_3 = (
    "https://skl.se/demokratiledningstyrning/manskligarattigheterjamstalldhet/jamstalldhet"
    "/jamstalldhetsintegrering/modellkommunerregioner/modellforbenchmarking/modellsteg"
    "/7arbetepahemmaplan.11657.html"
)
URL_RESULTS = _STEPS_2019 + "8resultatredovisningochspridning.11658.html"

# Material SKR publishes outside the step pages.
URL_GUIDANCE = _MODEL + "/jamstalldhetsintegrering.15833.html"
URL_STYRSNURRAN = "https://skr.se/demokratiledningstyrning/stodforattstyraochleda/planerafoljauppochatgarda.24377.html"
URL_JAMFORAREN = "https://www.kolada.se/web/index.php?_p=jamforelse&focus=16537&tab_id=97046"


def _lines(*lines: str) -> str:
    """Goals are stored one per line."""
    return "\n".join(lines)


STEPS = [
    {
        "position": 1,
        "code": "uppstart",
        "kind": "startup",
        "occasion": "",
        "source_url": URL_UPPSTART,
        "title_sv": "Uppstart",
        "title_en": "Start-up",
        "summary_sv": (
            "SKR bjuder in alla som deltar i omgången till en gemensam start. Där lär ni er "
            "modellen och vad den ska leda till, och ni lär känna de andra organisationerna."
        ),
        "summary_en": (
            "SKR invites everyone taking part in the round to a joint start. You learn the model "
            "and what it should lead to, and you get to know the other organisations."
        ),
        "goals_sv": _lines(
            "En gemensam bild av modellen, hur arbetet går till och vad det ska leda till",
            "Mer kunskap om vanliga ojämställdhetsproblem och hur de kan upptäckas och åtgärdas",
            "Förståelse för ledningens roll i ett hållbart arbete med jämställdhetsintegrering",
            "Förståelse för kommunikation som ett verktyg för att leda förändring",
            "En första kontakt med de andra deltagarna",
        ),
        "goals_en": _lines(
            "A shared picture of the model, how the work runs and what it should lead to",
            "More knowledge of common inequality problems and how to find and fix them",
            "Understanding of leadership's role in lasting gender mainstreaming",
            "Understanding of communication as a tool for leading change",
            "A first contact with the other participants",
        ),
    },
    {
        "position": 2,
        "code": "bm1",
        "kind": "meeting",
        "occasion": "BM1",
        "source_url": URL_BM1,
        "title_sv": "BM1 – Ledning och styrning",
        "title_en": "BM1 – Governance and management",
        "summary_sv": (
            "Här börjar arbetet med att jämställdhetsintegrera styrningen och ledningen. När ni "
            "delar erfarenheter, diskuterar och reflekterar med de andra organisationerna växer "
            "idéer till förbättringar fram. Chefer och medarbetare behöver kunna jämställdhet och "
            "jämställdhetsanalys, styrning och ledning, uppföljning och förbättringsarbete – även "
            "att leda förändring och att kommunicera."
        ),
        "summary_en": (
            "This is where gender mainstreaming of governance and management begins. Ideas for "
            "improvement grow out of sharing experience, discussing and reflecting with the other "
            "organisations. Managers and staff need competence in gender equality and gender "
            "analysis, governance and management, follow-up and improvement work – including "
            "leading change and communicating."
        ),
        "goals_sv": _lines(
            "En bedömning av hur långt varje organisations system för styrning och ledning har "
            "kommit i jämställdhetsintegreringen",
            "Förbättringsidéer som ger förutsättningar för styrning, ledning och en lärande kultur "
            "som leder till jämställd service och resursfördelning för olika grupper av kvinnor, "
            "män, flickor och pojkar",
            "En plan för arbetet på hemmaplan efter mötet, med en uppdaterad intressentanalys",
        ),
        "goals_en": _lines(
            "An assessment of how far each organisation's system of governance and management "
            "has come in gender mainstreaming",
            "Improvement ideas that create the conditions for governance, management and a "
            "learning culture leading to equal service and resource allocation for different "
            "groups of women, men, girls and boys",
            "A plan for the work at home after the meeting, with an up-to-date stakeholder "
            "analysis",
        ),
    },
    {
        "position": 3,
        "code": "hemmaplan-1",
        "kind": "home",
        "occasion": "",
        "source_url": URL_HOME_1,
        "title_sv": "Arbete på hemmaplan",
        "title_en": "Work at home",
        "summary_sv": (
            "Mellan BM1 och BM2 förbättrar ni styrningen utifrån självskattningen och det ni lärde "
            "er på mötet. Välj ett avgränsat men viktigt område som går att genomföra, och "
            "starta en förbättring i en verksamhet som ska ge jämställd service."
        ),
        "summary_en": (
            "Between BM1 and BM2 you improve governance based on the self-assessment and what you "
            "learned at the meeting. Pick a bounded but relevant area you can carry through, and "
            "start an improvement in one operation that should give equal service."
        ),
        "goals_sv": _lines(
            "Några planerade eller genomförda förbättringar i styrningen",
            "Planerade eller genomförda steg som säkrar organisationens kompetens i jämställdhet",
            "Ett högre värde på en eller flera punkter i checklistan",
            "En verksamhet vald för ett förbättringsarbete eller en uppföljning",
        ),
        "goals_en": _lines(
            "Some planned or completed improvements in governance",
            "Planned or completed steps that secure the organisation's gender-equality competence",
            "A higher score on one or more checklist items",
            "One operation chosen for an improvement effort or a follow-up",
        ),
    },
    {
        "position": 4,
        "code": "bm2",
        "kind": "meeting",
        "occasion": "BM2",
        "source_url": URL_BM2,
        "title_sv": "BM2 – Systematiskt förbättringsarbete",
        "title_en": "BM2 – Systematic improvement",
        "summary_sv": (
            "Ni följer upp förbättringarna sedan BM1, jämför förbättringsarbetet i en avgränsad "
            "verksamhet med varandra och planerar nästa steg."
        ),
        "summary_en": (
            "You follow up the improvements since BM1, compare the improvement work in one "
            "bounded operation with each other and plan the next steps."
        ),
        "goals_sv": _lines(
            "Idéer om förbättringar i verksamheten att ta med hem",
            "Idéer om ledarskap och organisationskultur som gör förbättringsarbetet hållbart",
            "En bild av vilka förbättringar som nåtts och kan spridas till fler verksamheter",
            "En plan för hur förbättringsarbetet ska fortsätta och följas upp",
        ),
        "goals_en": _lines(
            "Ideas for operational improvements to take home",
            "Ideas on leadership and organisational culture that make the improvement work last",
            "A picture of which improvements were reached and could spread to more operations",
            "A plan for continuing and following up the improvement work",
        ),
    },
    {
        "position": 5,
        "code": "hemmaplan-2",
        "kind": "home",
        "occasion": "",
        "source_url": URL_HOME_2,
        "title_sv": "Arbete på hemmaplan",
        "title_en": "Work at home",
        "summary_sv": (
            "Efter BM2 tar ni lärdomarna hem och involverar fler delar av organisationen. Välj "
            "förbättringsområden i uppföljningen och analysen av resultat för olika grupper och "
            "i rutinerna för beslut, och arbeta vidare med PDSA-cykeln."
        ),
        "summary_en": (
            "After BM2 you take the lessons home and involve more parts of the organisation. "
            "Pick improvement areas in the follow-up and analysis of results for different groups "
            "and in the decision routines, and keep working with the PDSA cycle."
        ),
        "goals_sv": _lines(
            "En förbättring i en avgränsad verksamhet",
            "Bättre system och rutiner för att analysera och följa upp resultaten",
            "Bättre rutiner för jämställdhetsintegrerade beslut",
            "Åtgärder som bygger på mätningar, identifierade och planerade",
            "Ett högre värde på punkter i checklistan",
        ),
        "goals_en": _lines(
            "An improvement in one bounded operation",
            "Better systems and routines for analysing and following up results",
            "Better routines for gender-mainstreamed decisions",
            "Actions based on measurement, identified and planned",
            "A higher score on checklist items",
        ),
    },
    {
        "position": 6,
        "code": "bm3",
        "kind": "meeting",
        "occasion": "BM3",
        "source_url": URL_BM3,
        "title_sv": "BM3 – Följa upp och analysera resultaten",
        "title_en": "BM3 – Follow up and analyse results",
        "summary_sv": (
            "Träffen handlar om att förbättra hur organisationen följer upp, analyserar och "
            "fattar beslut, så att ojämställdhet blir synlig och kan rättas till."
        ),
        "summary_en": (
            "The meeting is about improving how the organisation follows up, analyses and "
            "decides, so that inequality becomes visible and can be put right."
        ),
        "goals_sv": _lines(
            "En bild av varje organisations utgångsläge och behov av förbättringar när det gäller "
            "ojämställdhet, utifrån egna mål, nyckeltal och analyser",
            "Idéer om hur ledning och styrning kan förbättras för att upptäcka och rätta till "
            "ojämställdhet",
            "Idéer om bättre nyckeltal och system för att följa upp och analysera verksamhetens "
            "resultat för olika grupper av kvinnor, män, flickor och pojkar",
            "Idéer om bättre rutiner för att fatta jämställdhetsintegrerade beslut",
        ),
        "goals_en": _lines(
            "A picture of each organisation's starting point and improvement needs on inequality, "
            "based on its own goals, key figures and analyses",
            "Ideas for improving governance and management so inequality is detected and put right",
            "Ideas for better key figures and systems to follow up and analyse the results for "
            "different groups of women, men, girls and boys",
            "Ideas for better routines for making gender-mainstreamed decisions",
        ),
    },
    {
        "position": 7,
        "code": "hemmaplan-3",
        "kind": "home",
        "occasion": "",
        "source_url": URL_HOME_3,
        "title_sv": "Arbete på hemmaplan",
        "title_en": "Work at home",
        "summary_sv": (
            "Efter BM3 väljer ni, tillsammans med företrädare för verksamheterna, ett område i "
            "ledningen, styrningen eller uppföljningen av en verksamhet att förbättra, och lägger "
            "en plan för att hela organisationen ska ge jämställd service."
        ),
        "summary_en": (
            "After BM3 you choose, together with representatives of the operations, an area in the "
            "management, governance or follow-up of one operation to improve, and plan for the "
            "whole organisation to give equal service."
        ),
        "goals_sv": _lines(
            "Konkreta förbättringar i styrningen, planerade eller genomförda",
            "Förbättringar som ger jämställd service och resursfördelning i en verksamhet",
            "Ett högre värde på punkter i checklistan",
            "En plan för att alla verksamheter ska ge olika grupper av kvinnor, män, flickor och "
            "pojkar jämställd service, bemötande och resursfördelning",
        ),
        "goals_en": _lines(
            "Concrete improvements in governance, planned or completed",
            "Improvements that give equal service and resource allocation in one operation",
            "A higher score on checklist items",
            "A plan for every operation to give different groups of women, men, girls and boys "
            "equal service, treatment and resource allocation",
        ),
    },
    {
        "position": 8,
        "code": "resultatkonferens",
        "kind": "conference",
        "occasion": "RESULTS",
        "source_url": URL_RESULTS,
        "title_sv": "Resultatkonferens",
        "title_en": "Results conference",
        "summary_sv": (
            "Omgången avslutas med att varje organisation redovisar sina resultat. Konferensen "
            "ska sprida det ni har lärt er och inspirera nya organisationer att börja."
        ),
        "summary_en": (
            "The round closes with each organisation presenting its results. The conference "
            "spreads what you have learned and inspires new organisations to start."
        ),
        "goals_sv": _lines(
            "Resultaten av förbättringsarbetet spridda",
            "Organisationer som kan bli förebild eller mentor för nya deltagare",
        ),
        "goals_en": _lines(
            "The results of the improvement work spread",
            "Organisations ready to be a model or mentor for new participants",
        ),
    },
]


def _task(kind, title_sv, title_en, guidance_sv="", guidance_en="", url="", question_set=""):
    return {
        "kind": kind,
        "title_sv": title_sv,
        "title_en": title_en,
        "guidance_sv": guidance_sv,
        "guidance_en": guidance_en,
        "url": url,
        "question_set": question_set,
    }


_PRESENTATION_SV = (
    "Bygg presentationen på mallen för mötet – portalen fyller i den med ert team, er "
    "självskattning och era svar. Ladda upp den slutliga versionen här senast en vecka före "
    "mötet, så att de andra hinner läsa den."
)
_PRESENTATION_EN = (
    "Build the presentation on the meeting's template – the portal fills it in with your team, "
    "your self-assessment and your answers. Upload the final version here at least one week "
    "before the meeting, so the others have time to read it."
)

# Preparation tasks per step code, in order.
STEP_TASKS = {
    "uppstart": [
        _task(
            "general",
            "Utse politiker, chef och strateg till teamet och avsätt tid för mötena",
            "Appoint the team's politician, manager and strategist and set time aside",
            "Bestäm vilka politiker, chefer, strateger och andra nyckelpersoner som deltar, se till "
            "att de vet vad uppdraget innebär och boka in tid för mötena.",
            "Decide which politicians, managers, strategists and other key persons take part, make "
            "sure they know what the task involves and book time for the meetings.",
            URL_UPPSTART,
        ),
        _task(
            "presentation",
            "Ladda upp organisationsfakta och kompetensinventering",
            "Upload the organisation facts and competence inventory",
            "Beskriv ert nuläge och era nyckeltal i mallen för organisationsfakta och "
            "kompetensinventering, och ladda upp den i god tid före uppstarten.",
            "Describe your current situation and key figures in the organisation facts and "
            "competence inventory template, and upload it in good time before the start-up.",
        ),
    ],
    "bm1": [
        _task(
            "general",
            "Läs vägledningen för jämställdhetsintegrering, steg 1–5",
            "Read the gender mainstreaming guidance, steps 1–5",
            "Vägledningen delar upp jämställdhetsintegrering av styrning och ledning i tio viktiga "
            "moment; läs de fem första inför mötet. Varje moment har en text som förklarar vad "
            "det går ut på och vad politiker, chefer, strateger och andra nyckelpersoner gör i just "
            "det momentet. Där det passar pekar vägledningen på artiklar i CEMR-deklarationen, så "
            "att den också hjälper er att genomföra deklarationen.",
            "The guidance splits gender mainstreaming of governance and management into ten key "
            "moments; read the first five before the meeting. Each moment has a text explaining "
            "what it means and what politicians, managers, strategists and other key persons do "
            "in that moment. Where it fits, the guidance points to articles of the CEMR "
            "declaration, so it also helps you carry out the declaration.",
            URL_GUIDANCE,
        ),
        _task(
            "general",
            "Se filmerna Styrkedjan, Att styra i komplexitet och Samhällsförändring påverkar "
            "styrningen – en tidsexposé",
            "Watch the films Styrkedjan, Att styra i komplexitet and Samhällsförändring påverkar "
            "styrningen – en tidsexposé",
            "Tre korta filmer på SKR:s sida för BM1 (de finns också under materialet): om varför "
            "styrning, ledning och uppföljning måste hänga ihop, om en ledning som enas om "
            "riktningen i ett komplext system, och om hur samhällets förändringar sedan kriget "
            "har format den offentliga styrningen.",
            "Three short films on SKR's page for BM1 (also listed under the materials): on why "
            "governance, management and follow-up must fit together, on a leadership agreeing on "
            "its direction in a complex system, and on how changes in society since the war have "
            "shaped public governance.",
            URL_BM1,
        ),
        _task(
            "self_assessment",
            "Gör självskattningen med checklistan tillsammans",
            "Do the self-assessment with the checklist together",
            "Politiker, chef och strateg bedömer tillsammans varje punkt i checklistan för "
            "jämställdhetsintegrering. Uppgiften är klar när självskattningen för BM1 är inlämnad.",
            "The politician, manager and strategist assess each item of the gender mainstreaming "
            "checklist together. The task is done when the BM1 self-assessment is submitted.",
        ),
        _task(
            "general",
            "Gå igenom kompetensinventeringen och nyckeltalen från uppstarten",
            "Review the competence inventory and key figures from the start-up",
            "Titta igen på det ni presenterade vid uppstarten om kompetens och nyckeltal: vad har "
            "ändrats, och vad säger det om var ni behöver börja?",
            "Look again at what you presented at the start-up on competence and key figures: what "
            "has changed, and what does it say about where you need to begin?",
        ),
        _task(
            "answers",
            "Beskriv hur er styrning ser ut och var jämställdhetsperspektivet finns",
            "Describe your governance system and where the gender perspective is",
            "Utgå från vägledningen, filmerna och självskattningen. Svara på frågorna: var i "
            "styrningen finns perspektivet redan och var saknas det, vilka ojämställdhetsproblem "
            "känner ni till, vilka funktioner och personer arbetar aktivt med jämställdhet och "
            "vilka gör det inte, och hur har styrningen över tid påverkat arbetet och "
            "organisationen – och hur gör den det nu? Svaren hamnar i presentationsmallen.",
            "Start from the guidance, the films and the self-assessment. Answer the questions: "
            "where in governance is the perspective already present and where is it missing, which "
            "inequality problems do you know of, which functions and people work actively with "
            "gender equality and which do not, and how has governance over time affected the work "
            "and the organisation – and how does it now? The answers go into the presentation "
            "template.",
            question_set="bm1_governance",
        ),
        _task(
            "answers",
            "Identifiera förbättringsområden",
            "Identify improvement areas",
            "Skriv ned de områden i styrningen och ledningen som ni vill förbättra, utifrån "
            "beskrivningen av styrsystemet och självskattningen.",
            "Write down the areas of governance and management you want to improve, based on the "
            "description of the governance system and the self-assessment.",
            question_set="bm1_improvement_areas",
        ),
        _task(
            "general",
            "Håll en workshop om intressentanalysen och bjud in deltagarna från "
            "förberedelseutbildningen",
            "Hold a stakeholder analysis workshop and invite the participants of the preparatory "
            "training",
            "Gör intressentanalysen i en workshop och följ SKR:s mall för intressentanalys. Bjud "
            "in dem som gick förberedelseutbildningen. Bocka av uppgiften när workshopen är hållen; "
            "resultatet för ni in i intressentanalysen i nästa uppgift.",
            "Do the stakeholder analysis in a workshop following SKR's stakeholder analysis "
            "template. Invite the people who took the preparatory training. Tick the task when the "
            "workshop is held; you enter its result in the stakeholder analysis in the next task.",
        ),
        _task(
            "stakeholders",
            "Uppdatera intressentanalysen",
            "Update the stakeholder analysis",
            "För in resultatet från workshopen i portalens intressentanalys för BM1. Uppgiften är "
            "klar när analysen är uppdaterad eller markerad som aktuell.",
            "Enter the workshop's result in the portal's stakeholder analysis for BM1. The task is "
            "done when the analysis is updated or marked as up to date.",
        ),
        _task(
            "presentation",
            "Ladda upp presentationen senast en vecka före mötet",
            "Upload the presentation at least one week before the meeting",
            _PRESENTATION_SV,
            _PRESENTATION_EN,
        ),
    ],
    "hemmaplan-1": [
        _task(
            "general",
            "Välj ett avgränsat förbättringsområde i styrningen",
            "Choose a bounded improvement area in governance",
            "Utgå från organisationens prioriterade mål och självskattningen. Välj något som är "
            "viktigt men går att genomföra före nästa möte.",
            "Start from the organisation's priority goals and the self-assessment. Choose "
            "something that matters but can be done before the next meeting.",
            URL_HOME_1,
        ),
        _task(
            "general",
            "Välj en verksamhet för en förbättring mot jämställd service",
            "Choose one operation for an improvement towards equal service",
            "Det kan vara ett arbetssätt, en rutin, en metod eller en uppföljning – eller en "
            "uppföljning av en insats som redan pågår eller är avslutad. Poängen är att pröva att "
            "ändringar i styrningen når ända ut i verksamheten.",
            "It can be a way of working, a routine, a method or a follow-up – or a follow-up of an "
            "effort already running or finished. The point is to test that changes in governance "
            "reach all the way into the operation.",
            URL_HOME_1,
        ),
        _task(
            "general",
            "Arbeta med förbättringen enligt PDSA-cykeln",
            "Work on the improvement with the PDSA cycle",
            "Samla fakta om nuläget, hitta orsaker, planera och gör ett litet test, studera "
            "resultatet, säkra och sprid det som fungerar och berätta vad ni lärt er.",
            "Gather facts on the current state, find causes, plan and run a small test, study the "
            "result, secure and spread what works and tell what you learned.",
        ),
    ],
    "bm2": [
        _task(
            "self_assessment",
            "Gör självskattningen igen och beskriv förflyttningen sedan BM1",
            "Do the self-assessment again and describe the movement since BM1",
            "Gör den gemensamma självskattningen för BM2, sammanfatta vad som har flyttat sig "
            "sedan förra gången och vilka lärdomar ni drar, och notera vad mer som behövs.",
            "Do the joint self-assessment for BM2, sum up what has moved since last time and what "
            "lessons you draw, and note what more is needed.",
        ),
        _task(
            "general",
            "Se filmen Röster om manlighet – Dags för normreform och intervjun med en "
            "socialdirektör",
            "Watch the film Röster om manlighet – Dags för normreform and the interview with a "
            "director of social services",
            "Båda finns på SKR:s sida för mötet.",
            "Both are on SKR's page for the meeting.",
            URL_BM2,
        ),
        _task(
            "reflection",
            "Hur stödjer ledarskap och kultur det fortsatta förbättringsarbetet?",
            "How do leadership and culture support the continued improvement work?",
        ),
        _task(
            "reflection",
            "Vilken förbättring i verksamheten har ni prövat, och vad blev resultatet?",
            "Which operational improvement have you tested, and what was the result?",
        ),
        _task(
            "presentation",
            "Ladda upp presentationen senast en vecka före mötet",
            "Upload the presentation at least one week before the meeting",
            _PRESENTATION_SV,
            _PRESENTATION_EN,
        ),
    ],
    "hemmaplan-2": [
        _task(
            "general",
            "Involvera fler delar av organisationen i förbättringsarbetet",
            "Involve more parts of the organisation in the improvement work",
            "Ta med lärdomarna från BM2 och bjud in fler verksamheter och funktioner.",
            "Take the lessons from BM2 along and bring in more operations and functions.",
            URL_HOME_2,
        ),
        _task(
            "general",
            "Välj förbättringsområden i uppföljning, analys och beslutsrutiner",
            "Choose improvement areas in follow-up, analysis and decision routines",
            "Titta på hur resultat för olika grupper av kvinnor, män, flickor och pojkar följs upp "
            "och analyseras, och hur besluten fattas. Arbeta sedan enligt PDSA-cykeln.",
            "Look at how results for different groups of women, men, girls and boys are followed "
            "up and analysed, and how decisions are made. Then work with the PDSA cycle.",
            URL_HOME_2,
        ),
    ],
    "bm3": [
        _task(
            "self_assessment",
            "Gör självskattningen för BM3 och dra lärdomar av förflyttningen",
            "Do the BM3 self-assessment and learn from the movement",
            "Gör den gemensamma självskattningen för BM3 (fliken BM 3 i SKR:s Excelfil). Se vilken "
            "förflyttning som skett sedan BM1, fundera över vad ni kan lära av den och notera "
            "vilka ytterligare förbättringar ledningen och styrningen behöver.",
            "Do the joint BM3 self-assessment (the BM 3 tab of SKR's Excel file). See what has "
            "moved since BM1, think about what you can learn from it and note which further "
            "improvements governance and management need.",
        ),
        _task(
            "answers",
            "Beskriv kort var förbättringsarbetet från BM1 står i dag",
            "Describe briefly where the improvement work from BM1 stands today",
            "Några rader om läget i det förbättringsarbete ni började med efter första mötet: "
            "vad är gjort, vad pågår och vad har stannat av?",
            "A few lines on the state of the improvement work you began after the first meeting: "
            "what is done, what is under way and what has stalled?",
            question_set="bm3_improvement_status",
        ),
        _task(
            "answers",
            "Beskriv hur ni arbetar med individbaserad statistik och jämställdhetsanalyser",
            "Describe how you work with individual-based statistics and gender analyses",
            "Berätta hur organisationen redovisar, använder och följer upp statistik som rör "
            "individer, och hur jämställdhetsanalyser används när beslut förbereds och fattas.",
            "Tell how the organisation reports, uses and follows up statistics about individuals, "
            "and how gender analyses are used when decisions are prepared and made.",
            question_set="bm3_statistics",
        ),
        _task(
            "presentation",
            "Ladda upp presentationen senast en vecka före mötet",
            "Upload the presentation at least one week before the meeting",
            _PRESENTATION_SV,
            _PRESENTATION_EN,
        ),
    ],
    "hemmaplan-3": [
        _task(
            "general",
            "Välj ett förbättringsområde tillsammans med verksamheterna",
            "Choose an improvement area together with the operations",
            "Utgå från prioriterade mål och kända ojämställdhetsproblem och välj ett område i "
            "ledningen, styrningen eller uppföljningen av en verksamhet. Arbeta enligt PDSA-cykeln.",
            "Start from priority goals and known inequality problems and choose an area in the "
            "management, governance or follow-up of one operation. Work with the PDSA cycle.",
            URL_HOME_3,
        ),
        _task(
            "general",
            "Gör en plan för jämställd service i alla verksamheter",
            "Make a plan for equal service in every operation",
            "Planen ska visa hur alla verksamheter ska ge olika grupper av kvinnor, män, flickor "
            "och pojkar lika god service, bemötande och resursfördelning.",
            "The plan shows how every operation will give different groups of women, men, girls "
            "and boys equally good service, treatment and resource allocation.",
            URL_HOME_3,
        ),
    ],
    "resultatkonferens": [
        _task(
            "self_assessment",
            "Gör den avslutande självskattningen",
            "Do the final self-assessment",
            "Fyll i checklistan en sista gång (fliken Resultatkonferens i SKR:s Excelfil).",
            "Fill in the checklist one last time (the Resultatkonferens tab of SKR's Excel file).",
        ),
        _task(
            "general",
            "Beskriv arbetssättet och resultaten så att andra kan använda dem",
            "Describe the approach and the results so others can reuse them",
            "Beskriv systematiskt hur ni har arbetat och vad det gav, och lyft fram framgångs"
            "faktorer, utmaningar och lärdomar för hela projektet.",
            "Describe systematically how you worked and what it gave, and bring out success "
            "factors, challenges and lessons for the whole project.",
            URL_RESULTS,
        ),
        _task(
            "general",
            "Bestäm om organisationen kan vara mentor i nästa omgång",
            "Decide whether the organisation can be a mentor in the next round",
            "Att vara mentor betyder att lotsa nya deltagare genom konceptet, inte att vara expert.",
            "Being a mentor means guiding new participants through the concept, not being an "
            "expert.",
            URL_RESULTS,
        ),
        _task(
            "general",
            "Skicka slutrapporten till SKR",
            "Send the final report to SKR",
            "Använd SKR:s mall för slutrapport.",
            "Use SKR's final report template.",
            URL_RESULTS,
        ),
        _task(
            "presentation",
            "Ladda upp resultatredovisningen",
            "Upload the results presentation",
            "Ladda upp presentationen av era resultat före konferensen.",
            "Upload the presentation of your results before the conference.",
        ),
    ],
}


def _material(
    kind, title_sv, title_en, description_sv="", description_en="", url="", portal_document=""
):
    return {
        "kind": kind,
        "title_sv": title_sv,
        "title_en": title_en,
        "description_sv": description_sv,
        "description_en": description_en,
        "url": url,
        "portal_document": portal_document,
    }


_CHECKLIST_XLSX = _material(
    "checklist",
    "Checklista för jämställdhetsintegrering (Excel)",
    "Gender mainstreaming checklist (Excel)",
    "Er självskattning som arbetsbok, en flik per tillfälle. Portalen skapar den åt er.",
    "Your self-assessment as a workbook, one tab per occasion. The portal makes it for you.",
    portal_document="assessment_workbook",
)
_CHECKLIST_PDF = _material(
    "checklist",
    "Checklista för jämställdhetsintegrering (PDF)",
    "Gender mainstreaming checklist (PDF)",
    "Checklistans alla punkter att skriva ut och fylla i för hand.",
    "Every item of the checklist to print and fill in by hand.",
    portal_document="blank_checklist",
)
_STYRSNURRAN = _material(
    "guide",
    "Planera, följa upp och åtgärda – Styrsnurran",
    "Plan, follow up and act – Styrsnurran",
    "SKR:s modell för hur planering, uppföljning och analys och åtgärder hänger ihop i ett "
    "system för styrning och ledning.",
    "SKR's model of how planning, follow-up and analysis, and action fit together in a system "
    "of governance and management.",
    url=URL_STYRSNURRAN,
)
_ORGANISER_CHECKLIST = _material(
    "checklist",
    "Checklista för benchmarkingträffar (PDF)",
    "Checklist for benchmarking meetings (PDF)",
    "Vad arrangören gör före, under och efter mötet, att skriva ut och bocka av.",
    "What the organiser does before, during and after the meeting, to print and tick off.",
    portal_document="organiser_checklist",
)


def _feedback_template(title_sv: str) -> dict:
    return _material(
        "template",
        title_sv,
        "Feedback after benchmarking meetings (Word)",
        "Återkopplingen till SKR och organisationerna som plus, minus och intressant. Portalen "
        "skapar brevet från det ni skriver in.",
        "The feedback to SKR and the organisations as plus, minus and interesting. The portal "
        "makes the letter from what you enter.",
        portal_document="feedback_docx",
    )


def _sample_agenda(title_sv: str, title_en: str, url: str) -> dict:
    return _material(
        "example",
        title_sv,
        title_en,
        "SKR:s exempel på hur en dag kan läggas upp, att utgå från när ni gör agendan.",
        "SKR's example of how a day can be laid out, to start from when you make the agenda.",
        url=url,
    )


# Materials per step code: {"participants": [...], "organisers": [...]}, each list in order.
STEP_MATERIALS = {
    "uppstart": {
        "participants": [
            _material(
                "template",
                "Organisationsfakta och kompetensinventering (PPT)",
                "Organisation facts and competence inventory (PPT)",
                "Mallen där ni beskriver ert nuläge, era nyckeltal och teamets kompetens. Portalen "
                "fyller i den åt er.",
                "The template where you describe your current situation, key figures and the "
                "team's competence. The portal fills it in for you.",
                portal_document="organisation_facts",
            ),
            _material(
                "guide",
                "Presentation av konceptet benchmarking (PDF)",
                "Presentation of the benchmarking concept (PDF)",
                "SKR:s genomgång av modellen och hur omgången går till.",
                "SKR's walk-through of the model and how the round runs.",
                url=URL_UPPSTART,
            ),
        ],
        "organisers": [],
    },
    "bm1": {
        "participants": [
            _material(
                "guide",
                "Vägledning för jämställdhetsintegrering",
                "Guidance for gender mainstreaming",
                "Tio moment för att jämställdhetsintegrera styrning och ledning, med rollerna för "
                "politiker, chefer och strateger och hänvisningar till CEMR-deklarationen. Läs "
                "steg 1–5 inför BM1.",
                "Ten moments for gender mainstreaming governance and management, with the roles of "
                "politicians, managers and strategists and references to the CEMR declaration. "
                "Read steps 1–5 before BM1.",
                url=URL_GUIDANCE,
            ),
            _material(
                "film",
                "Film: Styrkedjan",
                "Film: Styrkedjan (the chain of governance)",
                "Gertrud Åström förklarar varför styrning, ledning och uppföljning måste hänga ihop "
                "för att kunna jämställdhetsintegreras.",
                "Gertrud Åström explains why governance, management and follow-up must fit "
                "together to be gender mainstreamed.",
                url=URL_BM1,
            ),
            _material(
                "film",
                "Film: Att styra i komplexitet",
                "Film: Governing in complexity",
                "Klara Palmberg Broryd, strategi- och förnyelsedirektör i Nacka kommun, om varför "
                "ledningen behöver enas om en gemensam riktning – vilken förändring den vill nå "
                "för brukarna – för att kunna driva förändring i komplexa system.",
                "Klara Palmberg Broryd, director of strategy and renewal in Nacka, on why the "
                "leadership must agree on a shared direction – the change it wants for the users – "
                "to drive change in complex systems.",
                url=URL_BM1,
            ),
            _material(
                "film",
                "Film: Samhällsförändring påverkar styrningen – en tidsexposé",
                "Film: Change in society affects governance – a look back",
                "Märit Melbi från SKR visar hur samhällets förändringar sedan efterkrigstiden har "
                "påverkat styrningen av offentliga organisationer, och varför dagens styrning måste "
                "ta hänsyn till en mer komplex omvärld.",
                "Märit Melbi of SKR shows how changes in society since the post-war years have "
                "affected the governance of public organisations, and why governance today must "
                "take a more complex world into account.",
                url=URL_BM1,
            ),
            _CHECKLIST_XLSX,
            _CHECKLIST_PDF,
            _material(
                "template",
                "Mall: Benchmarking 1 Ledning och styrning (PPT)",
                "Template: Benchmarking 1 Governance and management (PPT)",
                "Presentationsmallen för BM1, ifylld med ert team, er självskattning och era svar.",
                "The BM1 presentation template, filled in with your team, self-assessment and "
                "answers.",
                portal_document="meeting_template",
            ),
            _material(
                "template",
                "Mall: Intressentanalys (PDF)",
                "Template: Stakeholder analysis (PDF)",
                "Er intressentanalys som PDF att skriva ut, till exempel inför workshopen.",
                "Your stakeholder analysis as a PDF to print, for instance for the workshop.",
                portal_document="stakeholder_pdf",
            ),
            _material(
                "template",
                "Mall: Intressentanalys (Excel)",
                "Template: Stakeholder analysis (Excel)",
                "Er intressentanalys som arbetsbok att arbeta vidare i.",
                "Your stakeholder analysis as a workbook to keep working in.",
                portal_document="stakeholder_workbook",
            ),
            _STYRSNURRAN,
        ],
        "organisers": [
            _ORGANISER_CHECKLIST,
            _feedback_template("Återkoppling efter benchmarkingträffar (Word)"),
            _sample_agenda(
                "Exempel på agenda för Benchmarking 1 (PDF)",
                "Sample agenda for Benchmarking 1 (PDF)",
                URL_BM1,
            ),
        ],
    },
    "hemmaplan-1": {
        "participants": [_CHECKLIST_XLSX, _STYRSNURRAN],
        "organisers": [],
    },
    "bm2": {
        "participants": [
            _material(
                "template",
                "Mall: Benchmarking 2 Systematiskt förbättringsarbete (PPT)",
                "Template: Benchmarking 2 Systematic improvement (PPT)",
                "Presentationsmallen för BM2, ifylld med ert team, er självskattning och "
                "reflektionsfrågorna.",
                "The BM2 presentation template, filled in with your team, self-assessment and the "
                "reflection questions.",
                portal_document="meeting_template",
            ),
            _CHECKLIST_XLSX,
        ],
        "organisers": [
            _ORGANISER_CHECKLIST,
            _feedback_template("Mall: Återkoppling efter benchmarkingträffar (Word)"),
            _sample_agenda(
                "Mall: Exempel på agenda för benchmarking 2 (PDF)",
                "Template: Sample agenda for benchmarking 2 (PDF)",
                URL_BM2,
            ),
        ],
    },
    "hemmaplan-2": {
        "participants": [_CHECKLIST_XLSX],
        "organisers": [],
    },
    "bm3": {
        "participants": [
            _material(
                "film",
                "Film: Öppna jämförelser Jämställdhet",
                "Film: Open comparisons of gender equality",
                "En film om SKR:s öppna jämförelser av jämställdhet i kommuner och regioner och "
                "hur nyckeltalen kan användas. Den finns på SKR:s sida för BM3.",
                "A film on SKR's open comparisons of gender equality in municipalities and regions "
                "and how the key figures can be used. It is on SKR's page for BM3.",
                url=URL_BM3,
            ),
            _material(
                "tool",
                "Koladas verktyg Jämföraren",
                "Kolada's comparison tool Jämföraren",
                "Jämför nyckeltal för kvinnor och män mellan kommuner och regioner i Kolada, "
                "databasen för kommuner och regioner.",
                "Compare key figures for women and men between municipalities and regions in "
                "Kolada, the database for municipalities and regions.",
                url=URL_JAMFORAREN,
            ),
            _CHECKLIST_PDF,
            _CHECKLIST_XLSX,
            _material(
                "template",
                "Mall: Benchmarking 3 Följa upp och mäta resultat (PPT)",
                "Template: Benchmarking 3 Following up and measuring results (PPT)",
                "Presentationsmallen för BM3, ifylld med ert team, er självskattning och era svar.",
                "The BM3 presentation template, filled in with your team, self-assessment and "
                "answers.",
                portal_document="meeting_template",
            ),
            _STYRSNURRAN,
        ],
        "organisers": [
            _ORGANISER_CHECKLIST,
            _feedback_template("Mall: Återkoppling efter benchmarkingträffar (Word)"),
            _sample_agenda(
                "Mall: Exempel på agenda för benchmarkingträff 3 (PDF)",
                "Template: Sample agenda for benchmarking meeting 3 (PDF)",
                URL_BM3,
            ),
        ],
    },
    "hemmaplan-3": {
        "participants": [_CHECKLIST_XLSX],
        "organisers": [],
    },
    "resultatkonferens": {
        "participants": [
            _material(
                "template",
                "Mall för slutrapport",
                "Final report template",
                "SKR:s mallar för slutrapporten, en för kommuner och en för regioner.",
                "SKR's final report templates, one for municipalities and one for regions.",
                url=URL_RESULTS,
            ),
            _CHECKLIST_XLSX,
        ],
        "organisers": [_ORGANISER_CHECKLIST],
    },
}
