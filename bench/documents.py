"""Time the document builders on the demo data: the prefilled presentation template (PPTX),
the agenda PDF of one demo organisation's next benchmarking meeting, and that organisation's
checklist report PDF, each PDF beside WeasyPrint's one-page floor (the portal's own PDF path
writing a minimal page, as bench/national.py measures it), with the factor the targets are set
in. Bare WeasyPrint writing the same page (its own defaults, no stylesheet) is shown beside it.

    .venv/bin/python bench/documents.py [--runs 10] [--clock cpu]

--clock cpu times the process's CPU instead of the wall clock: steadier on a machine that is
busy with other work.

Runs against a throwaway SQLite database in a temporary folder (nothing of var/ is touched),
seeded with the project's demo data. Times the pure builders and, separately, the selectors
that read their data; prints min / median / max in milliseconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["PORTAL_VAR_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from checklists.demo import seed_assessments, seed_checklist
    from meetings.demo import seed_meetings, seed_step_tasks, seed_steps
    from portal.demo import seed_core
    from stakeholders.demo import seed_stakeholder_analyses

    seed_core()
    seed_steps()
    seed_step_tasks()
    seed_meetings()
    seed_checklist()
    seed_assessments()
    seed_stakeholder_analyses()


# SKR's sample agenda skeleton (DOMAIN.md 3.3); the demo data has no agenda items.
SAMPLE_AGENDA = [
    ("09:30", "Välkomna och syfte med dagen", "Arrangören"),
    ("09:45", "Organisationernas presentationer", "Varje organisation"),
    ("11:30", "Erfarenhetsutbyte i blandade grupper och rollgrupper", "Alla"),
    ("12:15", "Lunch", ""),
    ("13:15", "Förbättringsidéer: vad tar vi med oss hem?", "Processledaren"),
    ("14:30", "Planering av hemmaplansarbetet", "Varje organisation"),
    ("15:30", "Nästa träff och PMI-runda", "Arrangören"),
]


# The floor: the same PDF path writing the smallest page worth the name.
ONE_PAGE = "<!doctype html><html lang='sv'><body><h1>Sida</h1><p>En sida.</p></body></html>"


def add_sample_agenda(meeting) -> None:
    from datetime import time as clock

    from meetings.services import agenda_item_add

    organiser = meeting.organisers.first()
    for start, title, owner in SAMPLE_AGENDA:
        hours, minutes = (int(part) for part in start.split(":"))
        agenda_item_add(
            meeting=meeting, by=organiser, starts_at=clock(hours, minutes), title=title, owner=owner
        )


CLOCK = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCK["wall"]


def timed(runs: int, work) -> tuple[list[float], object]:
    times, result = [], None
    for _run in range(runs):
        started = clock()
        result = work()
        times.append((clock() - started) * 1000)
    return times, result


def report(
    name: str, times: list[float], size: int | None = None, floor: float | None = None
) -> None:
    extra = f"  {size / 1024:.0f} KiB" if size is not None else ""
    if floor:
        extra += f"  {statistics.median(times) / floor:.1f} × floor"
    print(
        f"{name:<34} min {min(times):8.1f}  median {statistics.median(times):8.1f}  "
        f"max {max(times):8.1f} ms{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--clock", choices=sorted(CLOCK), default="wall")
    arguments = parser.parse_args()
    runs = arguments.runs
    global clock  # noqa: PLW0603 - one switch for every measurement
    clock = CLOCK[arguments.clock]
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as folder:
        setup(folder)
        from django.utils import translation
        from weasyprint import HTML

        from checklists.documents import build_checklist_report_pdf
        from checklists.reports import checklist_report_data
        from meetings.documents import (
            agenda_data,
            build_agenda_pdf,
            build_meeting_template_pptx,
            meeting_template_data,
        )
        from meetings.models import Meeting
        from meetings.selectors import invited_organisations
        from portal.models import Enrolment
        from portal.pdf import html_to_pdf
        from stakeholders.models import AnalysisVersion

        with_analysis = AnalysisVersion.objects.values("analysis__organisation_id")
        meeting = (
            Meeting.objects.exclude(step__occasion="")
            .filter(step__occasion__in=["BM2", "BM1"])
            .order_by("-step__position", "starts_at")
            .first()
        )
        organisation = invited_organisations(meeting).filter(pk__in=with_analysis).first()
        organisation = organisation or invited_organisations(meeting).first()
        add_sample_agenda(meeting)
        with translation.override("sv"):
            template = meeting_template_data(meeting, organisation)
            agenda = agenda_data(meeting)
            print(f"Meeting: {meeting.title} · organisation: {organisation.name}")
            print(
                f"  team {len(template.team)}, items "
                f"{len(template.checklist.items) if template.checklist else 0}, stakeholders "
                f"{len(template.stakeholders)}, reflection questions "
                f"{len(template.reflection_questions)}, agenda items {len(agenda.items)}"
            )
            print(f"{runs} runs each, {arguments.clock} clock\n")
            build_agenda_pdf(agenda)  # the first WeasyPrint call loads fonts: not measured
            times, _data = timed(runs, lambda: meeting_template_data(meeting, organisation))
            report("selector: meeting_template_data", times)
            times, content = timed(runs, lambda: build_meeting_template_pptx(template))
            report("build_meeting_template_pptx", times, len(content))
            times, _data = timed(runs, lambda: agenda_data(meeting))
            report("selector: agenda_data", times)
            times, _content = timed(runs, lambda: HTML(string=ONE_PAGE).write_pdf())
            report("bare WeasyPrint, one page", times)
            times, _content = timed(runs, lambda: html_to_pdf(ONE_PAGE))
            floor = statistics.median(times)
            report("floor: WeasyPrint, one page", times)
            times, content = timed(runs, lambda: build_agenda_pdf(agenda))
            report("build_agenda_pdf", times, len(content), floor)
            enrolment = Enrolment.objects.select_related("organisation", "cohort").get(
                cohort=meeting.cohort, organisation=organisation
            )
            checklist = checklist_report_data(enrolment)
            times, content = timed(runs, lambda: build_checklist_report_pdf(checklist))
            report("build_checklist_report_pdf", times, len(content), floor)


if __name__ == "__main__":
    main()
