"""Every write of meetings and what hangs on them goes through here, one module per part of a
meeting's life: meetings (create, edit, publish), presentations (preparation, uploads, the
final version, extensions), deadlines (reminders, the deadline job, those behind), materials
(material, agenda, prefilled templates), feedback, evaluations, improvement work, the
organiser's tasks and the calendar feed."""

from .answers import competence_save, preparation_answers_save
from .calendar import calendar_feed_renew
from .deadlines import behind_reminders_send, deadline_reminders_send, deadlines_process
from .evaluations import evaluation_reminders_send, evaluation_respondents_unlink, evaluation_submit
from .feedback import (
    ORGANISATION_FIELDS,
    SUMMARY_FIELDS,
    feedback_release,
    feedback_save,
    feedback_save_boxes,
)
from .improvement import STAGE_NOTE_FIELDS, improvement_effort_save
from .materials import (
    agenda_item_add,
    agenda_item_remove,
    material_add,
    meeting_templates_request,
    organisation_template_request,
)
from .meetings import (
    EDITABLE_FIELDS,
    SCHEDULE_FIELDS,
    meeting_create,
    meeting_publish,
    meeting_update,
    meetings_advance_status,
)
from .messages import organiser_message_send
from .organiser_tasks import organiser_task_set_done
from .presentations import (
    extension_grant,
    meeting_task_set_done,
    presentation_mark_final,
    presentation_upload,
)
from .uploads import upload_reopen, uploads_check_open

__all__ = [
    "EDITABLE_FIELDS",
    "ORGANISATION_FIELDS",
    "SCHEDULE_FIELDS",
    "STAGE_NOTE_FIELDS",
    "SUMMARY_FIELDS",
    "agenda_item_add",
    "agenda_item_remove",
    "behind_reminders_send",
    "competence_save",
    "preparation_answers_save",
    "calendar_feed_renew",
    "deadline_reminders_send",
    "deadlines_process",
    "evaluation_reminders_send",
    "evaluation_respondents_unlink",
    "evaluation_submit",
    "extension_grant",
    "feedback_release",
    "feedback_save",
    "feedback_save_boxes",
    "improvement_effort_save",
    "material_add",
    "meeting_create",
    "meeting_publish",
    "meeting_task_set_done",
    "meeting_templates_request",
    "meeting_update",
    "meetings_advance_status",
    "organisation_template_request",
    "organiser_message_send",
    "organiser_task_set_done",
    "presentation_mark_final",
    "presentation_upload",
    "upload_reopen",
    "uploads_check_open",
]
