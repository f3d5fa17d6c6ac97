"""The meetings app's pages, one module per part of a meeting's life (see meetings/services/)."""

from .answers import answers_edit, competence_edit
from .calendar import calendar_feed, calendar_settings, my_dates
from .cancel import meeting_cancel
from .dashboards import home
from .deadlines import meeting_board, meeting_board_remind
from .evaluations import evaluation_answer, evaluation_results
from .feedback import (
    feedback_docx,
    feedback_docx_all,
    feedback_manage,
    feedback_organisation,
    feedback_pdf,
    feedback_release,
    feedback_summary_export,
)
from .improvement import improvement_edit, organisation_after_meetings
from .journey import my_journey, organisation_journey
from .materials import (
    agenda_item_add,
    agenda_item_remove,
    material_add,
    material_download,
    meeting_agenda_pdf,
    meeting_organiser_checklist_pdf,
    meeting_template,
    meeting_templates_all,
    meeting_templates_progress,
    meeting_zip,
    organisation_facts,
)
from .meeting_tasks import (
    meeting_material_remove,
    meeting_task_edit,
    meeting_task_remove,
    meeting_tasks,
)
from .meetings import meeting_create, meeting_detail, meeting_edit, meeting_publish
from .messages import meeting_messages, message_compose, message_detail
from .organiser_tasks import organiser_task_toggle
from .presentations import (
    extension_grant,
    presentation_download,
    presentation_final,
    presentation_upload,
    task_toggle,
    upload_reopen,
)
from .programme_editor import (
    cohort_programme_apply,
    programme_editor,
    programme_material_add,
    programme_material_edit,
    programme_material_move,
    programme_material_remove,
    programme_step,
    programme_task_add,
    programme_task_edit,
    programme_task_move,
    programme_task_remove,
)

__all__ = [
    "agenda_item_add",
    "agenda_item_remove",
    "answers_edit",
    "competence_edit",
    "cohort_programme_apply",
    "meeting_material_remove",
    "meeting_task_edit",
    "meeting_task_remove",
    "meeting_tasks",
    "programme_editor",
    "programme_material_add",
    "programme_material_edit",
    "programme_material_move",
    "programme_material_remove",
    "programme_step",
    "programme_task_add",
    "programme_task_edit",
    "programme_task_move",
    "programme_task_remove",
    "calendar_feed",
    "calendar_settings",
    "evaluation_answer",
    "evaluation_results",
    "extension_grant",
    "feedback_docx",
    "feedback_docx_all",
    "feedback_manage",
    "feedback_organisation",
    "feedback_pdf",
    "feedback_release",
    "feedback_summary_export",
    "home",
    "improvement_edit",
    "material_add",
    "material_download",
    "meeting_agenda_pdf",
    "meeting_cancel",
    "meeting_organiser_checklist_pdf",
    "meeting_board",
    "meeting_board_remind",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_messages",
    "meeting_publish",
    "meeting_template",
    "meeting_templates_all",
    "meeting_templates_progress",
    "meeting_zip",
    "message_compose",
    "message_detail",
    "my_dates",
    "my_journey",
    "organisation_after_meetings",
    "organisation_journey",
    "organisation_facts",
    "organiser_task_toggle",
    "presentation_download",
    "presentation_final",
    "presentation_upload",
    "task_toggle",
    "upload_reopen",
]
