from django.core.management.base import BaseCommand

from checklists.demo import seed_assessments, seed_checklist
from checklists.demo_lessons import seed_lessons
from meetings.demo import (
    seed_after_meeting,
    seed_meetings,
    seed_step_materials,
    seed_step_tasks,
    seed_steps,
)
from meetings.demo_effort_summaries import seed_effort_summaries
from meetings.demo_governance_chain import seed_governance_chains
from meetings.demo_peers import seed_discussion_groups
from meetings.demo_results_pack import seed_results_packs
from portal.demo import DEMO_PASSWORD, DEMO_USERS, seed_core
from portal.keyfigures.imports import key_figures_seed_demo
from stakeholders.demo import seed_stakeholder_analyses


class Command(BaseCommand):
    help = "Load the demo data (safe to run again: it leaves the same rows)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, quiet_logins=False, **options):
        seed_core()
        key_figures_seed_demo()
        seed_steps()
        seed_step_tasks()
        seed_step_materials()
        # Assessments first: the past meetings' dates lock their occasions.
        seed_checklist()
        seed_assessments()
        seed_stakeholder_analyses()
        seed_meetings()
        seed_after_meeting()
        seed_lessons()
        seed_effort_summaries()
        seed_results_packs()
        seed_governance_chains()
        seed_discussion_groups()
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        if not quiet_logins:
            self.stdout.write(
                f"\nDemoinloggningar (endast för demo – lösenord för alla: {DEMO_PASSWORD})"
            )
            for demo in DEMO_USERS:
                self.stdout.write(f"  {demo.email:<34} {demo.description}")
