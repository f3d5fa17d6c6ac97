"""The permission matrix: every URL pattern of the project, requested (GET) as each kind of
person, answers what tests/permission_table.py says. A new URL without an entry fails."""

import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from checklists.demo import seed_assessments, seed_checklist
from checklists.models import PendingImport as ChecklistImport
from meetings.demo import seed_after_meeting, seed_meetings, seed_step_tasks, seed_steps
from meetings.models import (
    AgendaItem,
    CalendarFeed,
    ImprovementEffort,
    Material,
    MeetingTask,
    OrganiserTask,
    Presentation,
)
from portal.demo import CURRENT_COHORT, seed_core
from portal.models import Cohort, GeneratedFile, Invitation, Organisation, TeamRole, User
from stakeholders.demo import seed_stakeholder_analyses
from stakeholders.models import AnalysisVersion, Stakeholder
from stakeholders.models import PendingImport as StakeholderImport
from tests import factories
from tests.permission_table import EXPECTED, ROLES, expected_for, outcome

pytestmark = pytest.mark.django_db

# Who each role is in the demo data. "participant_b" is Piteå: another organisation in the same
# cohort and the same cluster as Boden (participant_a), the closest neighbour there is.
DEMO_LOGINS = {
    "participant_a": "strateg.boden@example.org",
    "participant_b": "chef.pitea@example.org",
    "other_cohort": "strateg.lund@example.org",
    "mentor": "mentor.lulea@example.org",
    "organiser": "arrangor@example.org",
    "admin": "admin@example.org",
}


def url_patterns(patterns=None, prefix="", namespace=""):
    """Every (name, route, pattern) of the project, admin's and allauth's included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            route = prefix + str(entry.pattern)
            # Unnamed patterns (the admin's redirects and catch-all) are known by their route.
            yield namespace + (entry.name or route), route, entry


@pytest.fixture
def demo(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    seed_core()
    seed_steps()
    seed_step_tasks()
    seed_checklist()
    seed_assessments()
    seed_stakeholder_analyses()
    seed_meetings()
    seed_after_meeting()
    users = {role: User.objects.get(email=email) for role, email in DEMO_LOGINS.items()}
    for role in ("organiser", "admin"):
        factories.with_totp(users[role])
    return users


def demo_objects(users) -> dict:
    """Real objects of Boden (participant_a) to fill every URL parameter with."""
    boden = Organisation.objects.get(code="2582")
    cohort = Cohort.objects.get(name=CURRENT_COHORT)
    owner = users["participant_a"]
    presentation = (
        Presentation.objects.filter(organisation=boden, meeting__cohort=cohort)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        .first()
    )
    meeting = presentation.meeting
    material = Material.objects.filter(meeting=meeting).first() or Material.objects.create(
        meeting=meeting, title="Program", file=ContentFile(b"program", name="program.pdf")
    )
    agenda = AgendaItem.objects.filter(meeting=meeting).first()
    version = AnalysisVersion.objects.filter(
        analysis__organisation=boden, analysis__cohort=cohort
    ).first()
    generated = GeneratedFile.objects.create(
        kind="meeting_template",
        parameters={"meeting": meeting.pk, "organisation": boden.pk},
        fingerprint="matrix",
        status=GeneratedFile.Status.READY,
        filename="mall.pptx",
        content_type="application/octet-stream",
        requested_by=owner,
    )
    generated.file.save("mall.pptx", ContentFile(b"pptx"))
    return {
        "cohort_pk": cohort.pk,
        "code": boden.code,
        "pk": meeting.pk,
        "task_pk": MeetingTask.objects.filter(meeting=meeting).first().pk,
        "organiser_task_pk": OrganiserTask.objects.filter(meeting=meeting).first().pk,
        "presentation_pk": presentation.pk,
        "material_pk": material.pk,
        "item_pk": agenda.pk if agenda else 1,
        "improvement_pk": ImprovementEffort.objects.filter(organisation=boden).first().pk,
        "occasion": version.occasion,
        "number": 1,
        "stakeholder_pk": Stakeholder.objects.filter(version=version).first().pk,
        "generated_pk": generated.pk,
        "person_pk": owner.pk,
        "cohort_detail_pk": cohort.pk,
        "calendar_token": CalendarFeed.objects.create(user=owner, token="matrix-feed-token").token,
        "invitation_token": Invitation.objects.create(
            email="ny@example.org", organisation=boden, team_role=TeamRole.STRATEGIST
        ).token,
        "checklist_import_token": ChecklistImport.objects.create(
            token="matrix-checklist-import",
            organisation=boden,
            cohort=cohort,
            created_by=owner,
            filename="boden.xlsx",
        ).token,
        "stakeholder_import_token": StakeholderImport.objects.create(
            token="matrix-stakeholder-import",
            version=version,
            version_revision=version.revision,
            created_by=owner,
            filename="boden.xlsx",
        ).token,
    }


# Which object a URL's "pk" (or another parameter) means, when it is not the meeting.
PARAMETER_OBJECTS = {
    "presentation_download": {"pk": "presentation_pk"},
    "presentation_final": {"pk": "presentation_pk"},
    "material_download": {"pk": "material_pk"},
    "organiser_task_toggle": {"task_pk": "organiser_task_pk"},
    "improvement_edit": {"pk": "improvement_pk"},
    "stakeholder_update": {"pk": "stakeholder_pk"},
    "stakeholder_remove": {"pk": "stakeholder_pk"},
    "generated_file_detail": {"pk": "generated_pk"},
    "generated_file_download": {"pk": "generated_pk"},
    "generated_file_retry": {"pk": "generated_pk"},
    "cohort_detail": {"pk": "cohort_detail_pk"},
    "user_remove": {"pk": "person_pk"},
    "keyfigures_cohort": {"pk": "cohort_detail_pk"},
    "calendar_feed": {"token": "calendar_token"},
    "invitation_accept": {"token": "invitation_token"},
    "assessment_import_preview": {"token": "checklist_import_token"},
    "stakeholder_import_preview": {"token": "stakeholder_import_token"},
}
# allauth's e-mail and password-reset keys: a key that does not check out is still a page.
KEY_PARAMETERS = {"key": "matrix-key", "uidb36": "2x"}


def admin_kwargs(name: str, parameters: list[str]) -> dict:
    kwargs = {}
    if "app_label" in parameters:
        kwargs["app_label"] = "portal"
    if "url" in parameters:
        kwargs["url"] = "nothing-here/"
    if "object_id" in parameters:
        model = next(
            (
                model
                for model in admin_site._registry
                if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_")
                or f"/{model._meta.app_label}/{model._meta.model_name}/" in name
            ),
            None,
        )
        instance = model.objects.order_by("pk").first() if model else None
        kwargs["object_id"] = str(instance.pk) if instance else "0"
        if "content_type_id" in parameters:
            from django.contrib.contenttypes.models import ContentType

            organisation = Organisation.objects.get(code="2582")
            kwargs["content_type_id"] = ContentType.objects.get_for_model(organisation).pk
            kwargs["object_id"] = str(organisation.pk)
    return kwargs


def url_for(name: str, route: str, pattern: URLPattern, objects: dict) -> str:
    parameters = list(pattern.pattern.regex.groupindex)
    if name.startswith("admin:"):
        kwargs = admin_kwargs(name, parameters)
    else:
        chosen = PARAMETER_OBJECTS.get(name, {})
        # A bare "pk" means the meeting only under meetings/<int:pk>/; elsewhere say which object.
        assert "pk" not in parameters or "pk" in chosen or route.startswith("meetings/<int:pk>"), (
            f"Add a PARAMETER_OBJECTS entry saying what the pk of {name} ({route}) is."
        )
        kwargs = {
            parameter: KEY_PARAMETERS.get(parameter) or objects[chosen.get(parameter, parameter)]
            for parameter in parameters
        }
    if pattern.name is None:
        return fill_route(route, kwargs)
    return reverse(name, kwargs=kwargs)


def fill_route(route: str, kwargs: dict) -> str:
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match[1]]), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: str(kwargs[match[1]]), route)
    return "/" + route.replace("^", "").replace("$", "")


def test_every_url_answers_each_role_as_the_table_says(demo, settings, report_figure):
    objects = demo_objects(demo)
    patterns = list(url_patterns())
    names = [name for name, _route, _pattern in patterns]
    assert all(names), "Every URL pattern needs a name to be listed in the permission table."
    missing = [
        f"{name} ({route})" for name, route, _pattern in patterns if expected_for(name) is None
    ]
    assert not missing, "URL patterns without an entry in tests/permission_table.py: " + ", ".join(
        missing
    )
    stale = set(EXPECTED) - set(names)
    assert not stale, f"Entries for URL patterns that no longer exist: {sorted(stale)}"

    login_urls = (reverse("account_login"), reverse("admin:login"))
    clients = {"anonymous": Client()}
    for role, person in demo.items():
        clients[role] = Client()
        clients[role].force_login(person)
    unexpected, actual_rows, requests = [], [], 0
    for name, route, pattern in patterns:
        url = url_for(name, route, pattern, objects)
        expected = expected_for(name)
        answers = []
        for role, want in zip(ROLES, expected, strict=True):
            response = clients[role].get(url)
            requests += 1
            got = outcome(response, login_urls)
            reached = got != "login" and response.status_code < 500
            ok = reached if want == "reached" else got == want
            answers.append(got)
            if not ok:
                unexpected.append(f"{name} {url} as {role}: expected {want}, got {got}")
        actual_rows.append(f"{name:<40} " + " ".join(f"{a:<8}" for a in answers))
    report_figure(
        f"permission matrix: {len(patterns)} URL patterns × {len(ROLES)} roles "
        f"({requests} requests), {len(unexpected)} unexpected answers"
    )
    if unexpected:  # the answers as table lines, to compare with tests/permission_table.py
        print("\n".join(actual_rows))
    assert not unexpected, "\n".join(unexpected)
