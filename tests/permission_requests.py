"""The requests of the permission matrix (tests/portal/test_permission_matrix.py): the demo's
objects that fill every URL, and for every URL that takes a form the POST body its page would
send, so that the request succeeds for a role that is allowed.

The refused roles send the same body. An allowed request that uses up its object (a removal, a
publication, a confirmed import) gets a fresh object of its own (FRESH_OBJECTS)."""

import io
import re
import time
import uuid
from datetime import timedelta

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django import forms
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.utils import timezone
from openpyxl import load_workbook

from checklists import selectors as checklist_selectors
from checklists import services as checklist_services
from checklists.demo import seed_assessments, seed_checklist
from checklists.documents import build_assessment_workbook_xlsx
from checklists.excel import FIRST_ITEM_ROW, SCORE_COLUMN
from checklists.forms import AssessmentForm
from checklists.models import SHEET_NAMES, ChecklistVersion, Occasion
from checklists.movement import organisation_movement
from meetings import services as meeting_services
from meetings.demo import DEMO_PDF, seed_after_meeting, seed_meetings, seed_step_tasks, seed_steps
from meetings.demo_peers import seed_discussion_groups
from meetings.forms import ImprovementEffortForm, MeetingForm
from meetings.models import (
    AgendaItem,
    CalendarFeed,
    ImprovementEffort,
    Material,
    Meeting,
    MeetingTask,
    OrganiserMessage,
    OrganiserTask,
    Presentation,
    Step,
)
from meetings.selectors import DERIVED_KINDS, checklist_item_choices, meetings_of_organisation
from portal.demo import CURRENT_COHORT, DEMO_PASSWORD, seed_core
from portal.keyfigures.models import KeyFigure, KeyFigureValue
from portal.models import (
    Cohort,
    Enrolment,
    GeneratedFile,
    Invitation,
    Organisation,
    OutgoingEmail,
    TeamRole,
    User,
)
from stakeholders import selectors as stakeholder_selectors
from stakeholders import services as stakeholder_services
from stakeholders.demo import seed_stakeholder_analyses
from stakeholders.documents import build_analysis_xlsx
from stakeholders.excel import FIRST_ROW, column_of
from stakeholders.forms import StakeholderForm
from stakeholders.models import AnalysisVersion, Stakeholder
from tests import factories

BODEN = "2582"
# Who each demo person is to the matrix. "participant_b" is Piteå: another organisation in the
# same cohort and the same cluster as Boden (participant_a), the closest neighbour there is.
DEMO_LOGINS = {
    "participant_a": "strateg.boden@example.org",
    "participant_b": "chef.pitea@example.org",
    "other_cohort": "strateg.lund@example.org",
    "mentor": "mentor.lulea@example.org",
    "organiser": "arrangor@example.org",
    "admin": "admin@example.org",
}
# Someone in Boden's team who is none of the roles: the owner of the calendar feed and the
# person the admin's removal page is about.
BYSTANDER = "politiker.boden@example.org"


def seed_demo() -> dict[str, User]:
    """The demo data, and the people of the roles by person: the demo's, and a meeting organiser
    made here (no role in any cohort, named organiser of the demo meeting). Everyone's password
    is the demo password."""
    seed_core()
    seed_steps()
    seed_step_tasks()
    seed_checklist()
    seed_assessments()
    seed_stakeholder_analyses()
    seed_meetings()
    seed_after_meeting()
    seed_discussion_groups()
    people = {key: User.objects.get(email=email) for key, email in DEMO_LOGINS.items()}
    people["meeting_organiser"] = factories.user("motesarrangor@example.org")
    demo_meeting().organisers.add(people["meeting_organiser"])
    for person in people.values():
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    return people


def demo_meeting() -> Meeting:
    """The meeting whose pages the matrix requests: the latest one with an uploaded presentation
    of Boden (held, its presentations shared, its feedback released)."""
    return (
        Presentation.objects.filter(
            organisation__code=BODEN,
            meeting__cohort__name=CURRENT_COHORT,
            uploaded_by__isnull=False,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        .first()
        .meeting
    )


def failed_email() -> OutgoingEmail:
    """A message the outbox gave up on: what the outbox's "send again" acts on."""
    return OutgoingEmail.objects.create(
        kind="matrix",
        to="boden@example.org",
        subject="Ett meddelande som inte kom fram",
        body="Hej",
        status=OutgoingEmail.Status.FAILED,
        attempts=5,
    )


def programme_objects() -> dict:
    """A step of the programme template with a task and a material, for the editor's URLs."""
    from meetings.models import Step

    step = Step.objects.get(code="bm1")
    return {
        "step_pk": step.pk,
        "step_task_pk": step.tasks.order_by("position").first().pk,
        "step_material_pk": new_step_material(step).pk,
    }


def new_step_material(step=None):
    from meetings.models import Step, StepMaterial

    step = step or Step.objects.get(code="bm1")
    top = max(step.materials.values_list("position", flat=True), default=0)
    return StepMaterial.objects.create(
        step=step,
        position=top + 1,
        audience=StepMaterial.Audience.PARTICIPANTS,
        kind=StepMaterial.Kind.GUIDE,
        title_sv="Vägledningen",
        url="https://example.org/vagledning",
    )


def new_step_task():
    from meetings.models import Step, StepTask

    step = Step.objects.get(code="bm1")
    top = max(step.tasks.values_list("position", flat=True), default=0)
    return StepTask.objects.create(step=step, position=top + 1, title_sv="Tillfällig uppgift")


def demo_objects(people: dict[str, User]) -> dict:
    """Real objects of Boden (participant_a) to fill every URL parameter with, and what the
    POST bodies are made from."""
    boden = Organisation.objects.get(code=BODEN)
    cohort = Cohort.objects.get(name=CURRENT_COHORT)
    owner = people["participant_a"]
    meeting = demo_meeting()
    presentation = Presentation.objects.get(organisation=boden, meeting=meeting, is_final=True)
    material = Material.objects.filter(meeting=meeting).first() or Material.objects.create(
        meeting=meeting, title="Program", file=ContentFile(b"program", name="program.pdf")
    )
    agenda = AgendaItem.objects.filter(meeting=meeting).first() or AgendaItem.objects.create(
        meeting=meeting, starts_at="10:00", title="Presentationer"
    )
    # The latest version of Boden's analysis: the one that can be edited.
    version = (
        AnalysisVersion.objects.filter(analysis__organisation=boden, analysis__cohort=cohort)
        .order_by("-created_at", "-pk")
        .first()
    )
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
    bystander = User.objects.get(email=BYSTANDER)
    objects = {
        "people": people,
        "boden": boden,
        "cohort": cohort,
        "meeting": meeting,
        "version": version,
        "cohort_pk": cohort.pk,
        "checklist_version_pk": ChecklistVersion.objects.order_by("-pk").first().pk,
        "code": boden.code,
        "pk": meeting.pk,
        "task_pk": MeetingTask.objects.filter(meeting=meeting)
        .exclude(kind__in=DERIVED_KINDS)
        .first()
        .pk,
        "organiser_task_pk": OrganiserTask.objects.filter(meeting=meeting).first().pk,
        "presentation_pk": presentation.pk,
        # What publishing and making a version final act on (the refused roles' requests, too,
        # would change something if they got through).
        "draft_pk": draft_meeting(meeting, people["organiser"]).pk,
        "coming_pk": coming_meeting(meeting, people["organiser"]).pk,
        "message_pk": organiser_message(meeting, people["organiser"]).pk,
        "earlier_presentation_pk": earlier_version(meeting, boden, owner).pk,
        # The demo meeting is held: uploads are closed unless an organiser reopens them, as
        # here for Boden, so that uploading and making a version final still reach the view.
        "reopening": meeting_services.upload_reopen(
            meeting=meeting, organisation=boden, reason="Presentationen saknades.", by=owner
        ),
        "material_pk": material.pk,
        "item_pk": agenda.pk,
        "improvement_pk": ImprovementEffort.objects.filter(organisation=boden).first().pk,
        "occasion": version.occasion,
        # BM2 is submitted and its meeting is still ahead, so it may be reopened; BM3 is open.
        "submitted_occasion": Occasion.BM2,
        "open_occasion": Occasion.BM3,
        "number": 1,
        "stakeholder_pk": Stakeholder.objects.filter(version=version).first().pk,
        "generated_pk": generated.pk,
        "person_pk": bystander.pk,
        "evaluation_meeting_pk": evaluation_meeting(meeting, people["organiser"]).pk,
        "failed_email_pk": failed_email().pk,
        **programme_objects(),
        "calendar_token": CalendarFeed.objects.create(
            user=bystander, token="matrix-feed-token"
        ).token,
        "invitation_token": new_invitation(boden).token,
        "invitation_pk": new_invitation(boden).pk,
        "question_set": "bm1_governance",
        "competence_occasion": "startup",
        "movement_occasion": Occasion.BM2,
        "results_meeting_pk": results_pack_meeting(meeting).pk,
        "results_key_figure_pk": results_pack_key_figure(boden).pk,
    }
    objects["checklist_import_token"] = new_checklist_import(objects, owner).token
    objects["stakeholder_import_token"] = new_stakeholder_import(objects, owner).token
    return objects


# --- Objects made for the matrix ------------------------------------------------------------------


def draft_meeting(meeting: Meeting, by: User) -> Meeting:
    """A draft in the demo meeting's cohort and cluster, organised by the same people."""
    starts = timezone.now() + timedelta(days=60)
    draft = meeting_services.meeting_create(
        cohort=meeting.cohort,
        cluster=meeting.cluster,
        step=meeting.step,
        title=f"Utkast {uuid.uuid4().hex[:6]}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        by=by,
    )
    draft.organisers.set(meeting.organisers.all())
    return draft


def coming_meeting(meeting: Meeting, by: User) -> Meeting:
    """A published meeting that has not taken place: what cancelling acts on."""
    coming = draft_meeting(meeting, by)
    meeting_services.meeting_publish(meeting=coming, by=by)
    return coming


def organiser_message(meeting: Meeting, by: User) -> OrganiserMessage:
    """A message the organiser sent to everyone invited to the meeting, for the sent log."""
    message, _ = meeting_services.organiser_message_send(
        meeting=meeting,
        key=uuid.uuid4().hex,
        subject="Inför träffen",
        body="Hej {organisation}!",
        audience=OrganiserMessage.Audience.ALL,
        by=by,
    )
    return message


def evaluation_meeting(meeting: Meeting, by: User) -> Meeting:
    """A meeting of the same cluster that ended an hour ago: its evaluation is open and nobody
    has answered it (the demo meeting's evaluation has closed)."""
    ends = timezone.now() - timedelta(hours=1)
    held = meeting_services.meeting_create(
        cohort=meeting.cohort,
        cluster=meeting.cluster,
        step=meeting.step,
        title="Utvärderas nu",
        starts_at=ends - timedelta(hours=5),
        ends_at=ends,
        by=by,
    )
    Meeting.objects.filter(pk=held.pk).update(
        status=Meeting.Status.HELD, published_at=timezone.now()
    )
    held.organisers.set(meeting.organisers.all())
    return held


def earlier_version(meeting: Meeting, organisation: Organisation, by: User) -> Presentation:
    """An earlier upload of the organisation's presentation for the meeting, not the final one."""
    return Presentation.objects.create(
        meeting=meeting,
        organisation=organisation,
        file=ContentFile(DEMO_PDF, name="utkast.pdf"),
        original_name="utkast.pdf",
        kind="pdf",
        size=len(DEMO_PDF),
        sha256="",
        uploaded_by=by,
        is_final=False,
    )


def new_invitation(organisation: Organisation) -> Invitation:
    return Invitation.objects.create(
        email=f"ny-{uuid.uuid4().hex[:8]}@example.org",
        organisation=organisation,
        team_role=TeamRole.STRATEGIST,
    )


def new_checklist_import(o: dict, by: User):
    """Boden's checklist workbook filled in, waiting for the person to confirm it."""
    return checklist_services.assessment_import_prepare(
        organisation=o["boden"],
        cohort=o["cohort"],
        content=checklist_workbook(o),
        filename="boden.xlsx",
        by=by,
    )


def checklist_workbook(o: dict) -> bytes:
    """Boden's checklist workbook as downloaded now, the first BM3 item given another score."""
    enrolment = Enrolment.objects.get(cohort=o["cohort"], organisation=o["boden"])
    data = checklist_selectors.workbook_data(enrolment)
    book = load_workbook(io.BytesIO(build_assessment_workbook_xlsx(data)))
    cell = book[SHEET_NAMES[Occasion.BM3]].cell(row=FIRST_ITEM_ROW, column=SCORE_COLUMN)
    cell.value = 2 if cell.value == 1 else 1
    return _saved(book)


def new_stakeholder_import(o: dict, by: User):
    """Boden's analysis workbook as downloaded now, changed, waiting for the person to confirm."""
    return stakeholder_services.analysis_import_prepare(
        version=AnalysisVersion.objects.get(pk=o["version"].pk),
        content=stakeholder_workbook(o),
        filename="boden.xlsx",
        by=by,
    )


def stakeholder_workbook(o: dict) -> bytes:
    """Boden's analysis workbook as downloaded now, with the first row's key message changed."""
    version = AnalysisVersion.objects.get(pk=o["version"].pk)
    book = load_workbook(
        io.BytesIO(build_analysis_xlsx(stakeholder_selectors.analysis_document(version)))
    )
    cell = book.worksheets[0].cell(row=FIRST_ROW, column=column_of("key_message"))
    cell.value = f"{cell.value or ''} Ändrad {uuid.uuid4().hex[:6]}."
    return _saved(book)


def _saved(book) -> bytes:
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def results_pack_meeting(meeting: Meeting) -> Meeting:
    """The BM3 meeting of the demo meeting's cluster (published, months ahead)."""
    return Meeting.objects.get(cohort=meeting.cohort, cluster=meeting.cluster, step__code="bm3")


def results_pack_key_figure(organisation: Organisation) -> KeyFigure:
    """A key figure split by sex with values for the organisation: what the results pack's
    "add" sends (the matrix world has no Kolada values of its own)."""
    figure, _created = KeyFigure.objects.get_or_create(
        kpi_id="N09914", defaults={"title": "Matrisens nyckeltal", "divided_by_gender": True}
    )
    for gender, value in (("K", 71.5), ("M", 74.0)):
        KeyFigureValue.objects.get_or_create(
            key_figure=figure,
            code=organisation.code,
            year=2023,
            gender=gender,
            defaults={"value": value},
        )
    return figure


# --- URLs -----------------------------------------------------------------------------------------

# Which object a URL's "pk" (or another parameter) means, when it is not the meeting.
PARAMETER_OBJECTS = {
    "presentation_download": {"pk": "presentation_pk"},
    "presentation_final": {"pk": "earlier_presentation_pk"},
    "meeting_publish": {"pk": "draft_pk"},
    "meeting_cancel": {"pk": "coming_pk"},
    "checklist_blank_pdf": {"version_pk": "checklist_version_pk"},
    "message_detail": {"message_pk": "message_pk"},
    "material_download": {"pk": "material_pk"},
    "organiser_task_toggle": {"task_pk": "organiser_task_pk"},
    "improvement_edit": {"pk": "improvement_pk"},
    "stakeholder_update": {"pk": "stakeholder_pk"},
    "stakeholder_remove": {"pk": "stakeholder_pk"},
    "generated_file_detail": {"pk": "generated_pk"},
    "generated_file_download": {"pk": "generated_pk"},
    "generated_file_retry": {"pk": "generated_pk"},
    "cohort_detail": {"pk": "cohort_pk"},
    "round_setup": {"pk": "cohort_pk"},
    "round_meetings": {"pk": "cohort_pk"},
    "round_invitations": {"pk": "cohort_pk"},
    "invite_bulk": {"pk": "cohort_pk"},
    "invite_bulk_preview": {"pk": "cohort_pk"},
    "invitation_remind": {"pk": "cohort_pk"},
    "invitation_renew": {"pk": "cohort_pk"},
    "user_remove": {"pk": "person_pk"},
    "outbox_resend": {"pk": "failed_email_pk"},
    "keyfigures_cohort": {"pk": "cohort_pk"},
    "calendar_feed": {"token": "calendar_token"},
    "invitation_accept": {"token": "invitation_token"},
    "assessment_import_preview": {"token": "checklist_import_token"},
    "stakeholder_import_preview": {"token": "stakeholder_import_token"},
    "evaluation_answer": {"pk": "evaluation_meeting_pk"},
    "assessment_detail": {"occasion": "open_occasion"},
    "assessment_item_save": {"occasion": "open_occasion"},
    "assessment_reopen": {"occasion": "submitted_occasion"},
    "competence_edit": {"occasion": "competence_occasion"},
    # Movement and lessons: BM2, where the demo has Boden's BM1 and BM2 scores.
    "movement_lessons": {"occasion": "movement_occasion"},
    # The results pack is a BM3 page: the demo's BM3 of Boden's cluster.
    "results_pack": {"pk": "results_meeting_pk"},
    # BM3: the chain revisited (the page starts from BM1; the matrix world has none).
    "governance_chain": {"occasion": "open_occasion"},
    # The state of the improvement work is a BM3 page too.
    "effort_summaries": {"pk": "results_meeting_pk"},
}
# allauth's e-mail and password-reset keys: a key that does not check out is still a page.
KEY_PARAMETERS = {"key": "matrix-key", "uidb36": "2x"}
# The query a page needs to show something: the files of a batch, the cohort of a report.
QUERIES = {
    "meeting_templates_progress": lambda o: f"files={o['generated_pk']}",
    "checklist_comparison_report": lambda o: f"cohort={o['cohort_pk']}&occasion=BM1",
}


def url_for(name: str, route: str, pattern: URLPattern, objects: dict) -> str:
    parameters = list(pattern.pattern.regex.groupindex)
    if name.startswith("admin:"):
        kwargs = _admin_kwargs(name, parameters)
    else:
        chosen = PARAMETER_OBJECTS.get(name, {})
        # A bare "pk" means the meeting only under meetings/<id:pk>/; elsewhere say which object.
        assert "pk" not in parameters or "pk" in chosen or route.startswith("meetings/<id:pk>"), (
            f"Add a PARAMETER_OBJECTS entry saying what the pk of {name} ({route}) is."
        )
        kwargs = {
            parameter: KEY_PARAMETERS.get(parameter) or objects[chosen.get(parameter, parameter)]
            for parameter in parameters
        }
    url = _fill_route(route, kwargs) if pattern.name is None else reverse(name, kwargs=kwargs)
    return url + (f"?{QUERIES[name](objects)}" if name in QUERIES else "")


def _admin_kwargs(name: str, parameters: list[str]) -> dict:
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
            organisation = Organisation.objects.get(code=BODEN)
            kwargs["content_type_id"] = ContentType.objects.get_for_model(organisation).pk
            kwargs["object_id"] = str(organisation.pk)
    return kwargs


def _fill_route(route: str, kwargs: dict) -> str:
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match[1]]), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: str(kwargs[match[1]]), route)
    return "/" + route.replace("^", "").replace("$", "")


# --- POST bodies ----------------------------------------------------------------------------------


def browser_data(form: forms.BaseForm, **changes) -> dict:
    """What a browser sends for the form as the page shows it (with its prefix and the hidden
    initial values), with some fields changed. Changes are named without the prefix."""
    data = {}
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField):
            continue
        value = changes.pop(bound.name, bound.value())
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = _as_sent(field.widget, value)
        if field.show_hidden_initial:
            data[bound.html_initial_name] = _as_sent(field.widget, bound.initial)
    assert not changes, f"Not fields of {type(form).__name__}: {sorted(changes)}"
    return data


def _as_sent(widget: forms.Widget, value):
    if isinstance(value, list | tuple):
        value = [getattr(item, "pk", item) for item in value]
    sent = widget.format_value(getattr(value, "pk", value))
    if isinstance(sent, list) and not getattr(widget, "allow_multiple_selected", False):
        return sent[0] if sent else ""
    return "" if sent is None else sent


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _programme_step(o: dict) -> dict:
    """The step's form as its page shows it: saving it changes nothing."""
    from meetings.models import Step
    from meetings.views.programme_editor import StepForm

    return browser_data(StepForm(instance=Step.objects.get(pk=o["step_pk"])))


def _meeting_create(o: dict) -> dict:
    starts = timezone.now() + timedelta(days=90)
    return browser_data(
        MeetingForm(cohort=o["cohort"]),
        step=Step.objects.get(code="bm3").pk,
        title="BM3 extra",
        cluster=o["meeting"].cluster_id,
        starts_at=_local(starts),
        ends_at=_local(starts + timedelta(hours=5)),
        venue="Stadshuset",
        deadline_days_before=7,
        late_policy=Meeting.LatePolicy.ACCEPT_LATE,
        evaluation_days=14,
    )


def _meeting_edit(o: dict) -> dict:
    meeting = Meeting.objects.get(pk=o["pk"])
    return browser_data(
        MeetingForm(instance=meeting, cohort=meeting.cohort), title=meeting.title + " (ändrad)"
    )


def _assessment_page(o: dict):
    enrolment = Enrolment.objects.get(cohort=o["cohort"], organisation=o["boden"])
    return checklist_selectors.assessment_page(enrolment, o["open_occasion"])


def _assessment(o: dict) -> dict:
    form = AssessmentForm(page=_assessment_page(o))
    return browser_data(form, score_1="3", comment_1="Ett steg framåt.")


def _movement_lessons(o: dict) -> dict:
    enrolment = Enrolment.objects.get(cohort=o["cohort"], organisation=o["boden"])
    movement = organisation_movement(enrolment, o["movement_occasion"])
    return {"version": movement.lessons_version, "lesson_1": "En lärdom från matrisen."}


def _assessment_item(o: dict) -> dict:
    row = next(row for row in _assessment_page(o).rows if row.item.number == o["number"])
    return {"score": "2", "comment": "Sparad direkt.", "revision": str(row.current.revision)}


def _improvement(o: dict, effort: ImprovementEffort | None = None) -> dict:
    form = ImprovementEffortForm(
        instance=effort,
        meetings=meetings_of_organisation(o["boden"]),
        checklist_items=checklist_item_choices(),
    )
    if effort is not None:
        return browser_data(form, title=effort.title + " (ändrad)")
    return browser_data(
        form,
        title="Könsuppdelad statistik i styrningen",
        area=ImprovementEffort.Area.GOVERNANCE,
        stage=ImprovementEffort.Stage.PLAN,
        plan_notes="Kartlägga nyckeltalen.",
        report_meeting=o["pk"],
    )


def _stakeholder_row(o: dict, *, new: bool) -> dict:
    """A row's form as the page shows it, changed; a new row is a copy of the demo's row."""
    stakeholder = Stakeholder.objects.get(pk=o["stakeholder_pk"])
    members = stakeholder_selectors.team_members(o["boden"].pk)
    if new:
        initial = stakeholder_selectors.row_values(stakeholder)
        form = StakeholderForm(initial=initial, members=members, prefix="new")
        return browser_data(form, name="Socialnämnden", revision=None)
    form = StakeholderForm(instance=stakeholder, members=members, prefix=f"s{stakeholder.pk}")
    return browser_data(form, key_message="Jämställdhet är kvalitet.")


def _totp_code(o: dict) -> dict:
    """The code of the person's authenticator at this moment. A code counts once; each role
    logs in as if from a phone of its own, so the record of codes used is cleared."""
    authenticator = Authenticator.objects.filter(
        user=o["person"], type=Authenticator.Type.TOTP
    ).first()
    if authenticator is None:
        return {"code": "000000"}
    cache.clear()
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 1:  # the code must still hold when the request arrives
        time.sleep(period - time.time() % period)
    counter = int(time.time()) // period
    return {"code": format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counter))}


def _round_meetings(o: dict) -> dict:
    """The proposals' form as the page shows it, nothing ticked: creates no meeting."""
    from meetings.rounds import meeting_proposals

    proposals = meeting_proposals(o["cohort"])
    data = {"proposal-TOTAL_FORMS": str(len(proposals)), "proposal-INITIAL_FORMS": "0"}
    for index, proposal in enumerate(proposals):
        data[f"proposal-{index}-on"] = proposal.on.isoformat()
        data[f"proposal-{index}-title"] = proposal.title
    return data


def no_body(o: dict) -> dict:
    """The POST of a button without fields (publish, release, remove, …), or of a page that
    takes no form."""
    return {}


NEW_PASSWORD = "Nytt-losenord-7731"

# {URL name: objects (with "person", the one asking, None for anonymous) -> POST body}
POST_DATA = {
    "round_create": lambda o: {
        "name": f"Matrisomgång {uuid.uuid4().hex[:6]}",
        "starts_on": "2027-09-01",
        "ends_on": "2028-11-30",
    },
    "round_setup": lambda o: {"action": "cluster", "cluster-name": f"K {uuid.uuid4().hex[:6]}"},
    "round_meetings": _round_meetings,
    "invite_bulk": lambda o: {
        "text": f"Ny Person, ny-{uuid.uuid4().hex[:6]}@example.org, {o['code']}, strateg"
    },
    "outbox_resend": lambda o: {"next": reverse("outbox")},
    "meeting_create": _meeting_create,
    "meeting_edit": _meeting_edit,
    "extension_grant": lambda o: {
        "organisation": o["boden"].name,
        "deadline": _local(o["meeting"].deadline + timedelta(days=1)),
        "reason": "Sjukdom i teamet.",
    },
    "upload_reopen": lambda o: {
        "organisation": o["boden"].pk,
        "reason": "Presentationen kom aldrig fram.",
        "until": "",
    },
    "task_toggle": lambda o: {"done": "1"},
    "presentation_upload": lambda o: {
        "file": SimpleUploadedFile("boden.pdf", DEMO_PDF, content_type="application/pdf"),
        "upload_id": uuid.uuid4().hex,
    },
    "material_add": lambda o: {
        "title": "Bilder från dagen",
        "audience": Material.Audience.PARTICIPANTS,
        "url": "https://example.org/bilder",
    },
    "agenda_item_add": lambda o: {"starts_at": "13:00", "title": "Grupparbete", "owner": "Oskar"},
    # The demo meeting's scores are shared: the organisers' suggestion of discussion groups.
    "discussion_groups": lambda o: {"action": "suggest"},
    "programme_step": _programme_step,
    "message_compose": lambda o: {
        "key": uuid.uuid4().hex,
        "audience": OrganiserMessage.Audience.ALL,
        "subject": "Inför {meeting}",
        "body": "Hej {organisation}!",
        "action": "send",
    },
    "feedback_manage": lambda o: {
        "save": f"org-{o['code']}",
        f"org-{o['code']}-on_presentation": "Tydlig analys.",
        f"org-{o['code']}-on_improvement_work": "Knyt an till checklistan.",
    },
    "evaluation_answer": lambda o: {"overall": "4", "usefulness": "5", "arrangements": "4"},
    "organiser_task_toggle": lambda o: {"done": "1"},
    "organisation_after_meetings": _improvement,
    "improvement_edit": lambda o: _improvement(
        o, ImprovementEffort.objects.get(pk=o["improvement_pk"])
    ),
    "assessment_detail": _assessment,
    "assessment_item_save": _assessment_item,
    "assessment_import": lambda o: {
        "file": SimpleUploadedFile("boden.xlsx", checklist_workbook(o))
    },
    "stakeholder_analysis": lambda o: {"occasion": Occasion.BM3},
    "answers_edit": lambda o: {"system": "Ett svar från matrisen."},
    "competence_edit": lambda o: {"politician-governance-level": "2"},
    "movement_lessons": _movement_lessons,
    "results_pack": lambda o: {"action": "add", "key_figure": o["results_key_figure_pk"]},
    "governance_chain": lambda o: {"goals-state": "partly", "goals-owner": "Kommundirektören"},
    "effort_summaries": lambda o: {
        "effort": o["improvement_pk"],
        f"effort-{o['improvement_pk']}-text": "Läget efter stickproven.",
        "action": "save",
    },
    "stakeholder_version_ready": lambda o: {"ready": "1"},
    "stakeholder_add": lambda o: _stakeholder_row(o, new=True),
    "stakeholder_update": lambda o: _stakeholder_row(o, new=False),
    "stakeholder_import": lambda o: {
        "file": SimpleUploadedFile("boden.xlsx", stakeholder_workbook(o))
    },
    "invitation_create": lambda o: {
        "email": f"inbjuden-{uuid.uuid4().hex[:8]}@example.org",
        "team_role": TeamRole.POLITICIAN,
    },
    "invitation_accept": lambda o: {
        "full_name": "Ny Deltagare",
        "email": Invitation.objects.get(token=o["invitation_token"]).email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    # Someone who is none of the roles: the client is put back as its role afterwards.
    "account_login": lambda o: {
        "login": "strateg.eskilstuna@example.org",
        "password": DEMO_PASSWORD,
    },
    "account_signup": lambda o: {
        "email": f"egen-{uuid.uuid4().hex[:8]}@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    "account_reauthenticate": lambda o: {"password": DEMO_PASSWORD},
    "account_email": lambda o: {
        "email": f"extra-{uuid.uuid4().hex[:8]}@example.org",
        "action_add": "",
    },
    # The same password again: later requests log in and re-authenticate with it.
    "account_change_password": lambda o: {
        "oldpassword": DEMO_PASSWORD,
        "password1": DEMO_PASSWORD,
        "password2": DEMO_PASSWORD,
    },
    "account_set_password": lambda o: {"password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD},
    "account_reset_password": lambda o: {
        "email": o["person"].email if o["person"] else DEMO_LOGINS["participant_a"]
    },
    "account_reset_password_from_key": lambda o: {
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    "mfa_authenticate": _totp_code,
    "mfa_reauthenticate": _totp_code,
    # A wrong code: setting up an authenticator takes the secret its page showed, and a
    # participant with an authenticator would change what the later pages answer.
    "mfa_activate_totp": lambda o: {"code": "000000"},
    # Swedish is the default: the later pages answer the same.
    "set_language": lambda o: {"language": "sv", "next": "/"},
    "admin:login": lambda o: {"username": DEMO_LOGINS["admin"], "password": DEMO_PASSWORD},
}


# {URL name: (objects, person) -> the objects an allowed request uses instead}
FRESH_OBJECTS = {
    "invitation_remind": lambda o, person: {"invitation_pk": new_invitation(o["boden"]).pk},
    "invitation_renew": lambda o, person: {"invitation_pk": new_invitation(o["boden"]).pk},
    "meeting_publish": lambda o, person: {"draft_pk": draft_meeting(o["meeting"], person).pk},
    "meeting_cancel": lambda o, person: {"coming_pk": coming_meeting(o["meeting"], person).pk},
    "agenda_item_remove": lambda o, person: {
        "item_pk": AgendaItem.objects.create(
            meeting=o["meeting"], starts_at="15:00", title="Avslutning"
        ).pk
    },
    "stakeholder_remove": lambda o, person: {
        "stakeholder_pk": Stakeholder.objects.create(
            version=o["version"], name="Tillfällig", influence=1, interest=1
        ).pk
    },
    "user_remove": lambda o, person: {
        "person_pk": factories.member(o["boden"]).pk,
    },
    "outbox_resend": lambda o, person: {"failed_email_pk": failed_email().pk},
    "programme_task_remove": lambda o, person: {"step_task_pk": new_step_task().pk},
    "programme_material_remove": lambda o, person: {"step_material_pk": new_step_material().pk},
    "meeting_task_remove": lambda o, person: {
        "task_pk": MeetingTask.objects.create(
            meeting=o["meeting"], position=99, title_sv="Tillfällig uppgift"
        ).pk
    },
    "meeting_material_remove": lambda o, person: {
        "material_pk": Material.objects.create(
            meeting=o["meeting"], title="Tillfälligt", url="https://example.org/t"
        ).pk
    },
    "presentation_final": lambda o, person: {
        "earlier_presentation_pk": earlier_version(
            o["meeting"], o["boden"], o["people"]["participant_a"]
        ).pk
    },
    "invitation_accept": lambda o, person: {"invitation_token": new_invitation(o["boden"]).token},
    "assessment_import_preview": lambda o, person: {
        "checklist_import_token": new_checklist_import(o, person).token
    },
    "stakeholder_import_preview": lambda o, person: {
        "stakeholder_import_token": new_stakeholder_import(o, person).token
    },
}
