"""What the meetings app tells the portal's audit log: which cohort, organisation and meeting
its audited objects belong to, the words for its action codes, and the meeting filter."""

from django.utils.translation import gettext_lazy as _

from portal.audit import register_audit_dimension, register_audit_labels, register_audit_scope

LABELS = {
    "meeting.create": _("Meeting created"),
    "meeting.update": _("Meeting changed"),
    "meeting.publish": _("Meeting published"),
    "meeting.status": _("Meeting status changed"),
    "meeting.deadline": _("Deadline passed: outcome recorded"),
    "meeting.remind_behind": _("Reminder to those who are behind"),
    "meeting.message": _("Message from the organiser"),
    "meeting.reopen_uploads": _("Uploads reopened for an organisation"),
    "meeting.agenda_item_add": _("Agenda item added"),
    "meeting.agenda_item_remove": _("Agenda item removed"),
    "meeting.discussion_groups_suggest": _("Discussion groups suggested"),
    "meeting.discussion_group_update": _("Discussion group changed"),
    "meeting.discussion_group_remove": _("Discussion group removed"),
    "material.add": _("Material added"),
    "presentation.upload": _("Presentation uploaded"),
    "presentation.final": _("Final presentation chosen"),
    "extension.grant": _("Extension granted"),
    "feedback.create": _("Feedback written"),
    "feedback.edit": _("Feedback changed"),
    "feedback.correct": _("Released feedback corrected"),
    "feedback.release": _("Feedback released"),
    "organiser_task.done": _("Organiser's checklist item ticked"),
    "organiser_task.undone": _("Organiser's checklist item unticked"),
    "improvement.save": _("Improvement work saved"),
    "meeting.cancel": _("Meeting cancelled"),
    "meeting.task_add": _("Meeting task added"),
    "meeting.task_update": _("Meeting task changed"),
    "meeting.task_remove": _("Meeting task removed"),
    "material.remove": _("Material removed"),
    "preparation.answers": _("Preparation answers saved"),
    "preparation.competence": _("Competence inventory saved"),
    "programme.adopt": _("Programme copied to the cohort"),
    "programme.apply": _("Changed programme template applied to the cohort"),
    "programme.step_update": _("Programme step changed"),
    "programme.task_add": _("Programme task added"),
    "programme.task_update": _("Programme task changed"),
    "programme.task_move": _("Programme task moved"),
    "programme.task_remove": _("Programme task removed"),
    "programme.material_add": _("Programme material added"),
    "programme.material_update": _("Programme material changed"),
    "programme.material_move": _("Programme material moved"),
    "programme.material_remove": _("Programme material removed"),
}


def _meeting_choices(user):
    from .selectors import meetings_organised_by

    return meetings_organised_by(user).order_by("-starts_at").values_list("pk", "title")


def register_audit() -> None:
    from .models import Feedback, ImprovementEffort, Material, Meeting, OrganiserTask, Presentation

    register_audit_labels(LABELS)
    register_audit_dimension("meeting", label=_("Meeting"), choices=_meeting_choices)
    register_audit_scope(Meeting, cohort="cohort_id", meeting="pk")
    for model in (Presentation, Feedback):
        register_audit_scope(
            model,
            cohort="meeting__cohort_id",
            organisation="organisation_id",
            meeting="meeting_id",
        )
    for model in (Material, OrganiserTask):
        register_audit_scope(model, cohort="meeting__cohort_id", meeting="meeting_id")
    register_audit_scope(
        ImprovementEffort,
        cohort="organisation__enrolments__cohort_id",
        organisation="organisation_id",
        meeting="report_meeting_id",
    )
