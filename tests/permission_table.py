"""The expected answer of every URL pattern to every HTTP method from each kind of person: the
one place the permission matrix (tests/portal/test_permission_matrix.py) reads.

Each line: the URL name, the method, then one answer per role in the order of TABLE_ROLES.
The method "*" stands for every method of METHODS without a line of its own for that URL (a
view that does not name its methods answers them all as it answers GET; one that does answers
405 to the others once the login and the staff two-factor rule have let the request through).

  ok     200
  login  a redirect to a login page (allauth's, or the admin's for the admin site)
  2fa    a redirect to enter the authenticator's code or to set one up (staff whose login has
         not passed the second factor reach nothing but the set-up and code pages)
  redir  a redirect elsewhere (after a change, to a set-up page, the home page, …)
  404    not found: the object exists but the person may not see it (PRODUCT.md §7)
  403    refused
  405    the view does not take this method
  (any other status code as it is)

Every answer that is a login, a 2fa or a 4xx is a refusal: the matrix proves that such a
request changed nothing in the database.

Roles (columns): anon: anonymous; p_a: participant_a (Boden, whose objects fill the URL
parameters); p_b: participant_b (Piteå: another organisation in the same cohort and cluster);
othc: other_cohort (Lund, a participant of the earlier cohort); ment: mentor (Luleå, mentor of
Boden's cluster); org: organiser of the current cohort; no2fa: that organiser in a login that
has not passed the second factor; mtgo: meeting_organiser, named organiser of the demo meeting
and nothing else; admin: programme admin. Staff log in with both factors unless said otherwise.
One more role has no column: admin_via_django_login, a client that gave the admin's e-mail and
password to Django's admin login. That logs nobody in, so it answers as anonymous does.

The objects that fill the URLs and the POST bodies are in tests/permission_requests.py.

Groups: every pattern of Django's admin site ("admin:*") is requested with GET and follows the
ADMIN_SITE rule (only the programme admin gets in; everyone else is sent to the admin's login),
unless it has lines of its own. Patterns are still counted and requested one by one.
"""

METHODS = ("GET", "HEAD", "PUT", "PATCH", "DELETE", "POST")  # POST last: it changes things

TABLE_ROLES = (
    "anonymous",
    "participant_a",
    "participant_b",
    "other_cohort",
    "mentor",
    "organiser",
    "organiser_no_2fa",
    "meeting_organiser",
    "admin",
)
ROLES = (*TABLE_ROLES, "admin_via_django_login")

# admin: anything but a login redirect or a server error (a read-only model answers 403 to
# "add", a missing object redirects to the index); staff without the second factor: sent to
# enter it first; everyone else: the admin's login page.
ADMIN_SITE = ("login", "login", "login", "login", "login", "login", "2fa", "login", "reached")

_TABLE = """
# URL name                            method anon  p_a   p_b   othc  ment  org   no2fa mtgo  admin
home                                  *      login ok    ok    ok    ok    ok    2fa   ok    ok
meeting_create                        *      login 404   404   404   404   ok    2fa   404   ok
meeting_create                        POST   login 404   404   404   404   redir 2fa   404   redir
meeting_detail                        *      login ok    ok    404   ok    ok    2fa   ok    ok
meeting_edit                          *      login 404   404   404   404   ok    2fa   ok    ok
meeting_edit                          POST   login 404   404   404   404   redir 2fa   redir redir
meeting_publish                       *      login 404   404   404   404   ok    2fa   ok    ok
meeting_publish                       POST   login 404   404   404   404   redir 2fa   redir redir
meeting_cancel                        *      login 404   404   404   404   ok    2fa   ok    ok
meeting_cancel                        POST   login 404   404   404   404   redir 2fa   redir redir
meeting_board                         *      login 404   404   404   404   ok    2fa   ok    ok
meeting_board_remind                  *      login 404   404   404   404   ok    2fa   ok    ok
meeting_board_remind                  POST   login 404   404   404   404   redir 2fa   redir redir
meeting_messages                      *      login 404   404   404   404   ok    2fa   ok    ok
message_compose                       *      login 404   404   404   404   ok    2fa   ok    ok
message_compose                       POST   login 404   404   404   404   redir 2fa   redir redir
message_detail                        *      login 404   404   404   404   ok    2fa   ok    ok
extension_grant                       *      login 405   405   405   405   405   2fa   405   405
extension_grant                       POST   login 404   404   404   404   redir 2fa   redir redir
upload_reopen                         *      login 405   405   405   405   405   2fa   405   405
upload_reopen                         POST   login 404   404   404   404   redir 2fa   redir redir
meeting_zip                           *      login 405   405   405   405   405   2fa   405   405
meeting_zip                           POST   login 404   404   404   404   redir 2fa   redir redir
task_toggle                           *      login 405   405   405   405   405   2fa   405   405
task_toggle                           POST   login redir 404   404   404   redir 2fa   redir redir
presentation_upload                   *      login 405   405   405   405   405   2fa   405   405
presentation_upload                   POST   login redir 404   404   404   redir 2fa   redir redir
presentation_download                 *      login ok    ok    404   ok    ok    2fa   ok    ok
presentation_final                    *      login 405   405   405   405   405   2fa   405   405
presentation_final                    POST   login redir 404   404   404   redir 2fa   redir redir
material_add                          *      login 405   405   405   405   405   2fa   405   405
material_add                          POST   login 404   404   404   404   redir 2fa   redir redir
material_download                     *      login ok    ok    404   ok    ok    2fa   ok    ok
agenda_item_add                       *      login 405   405   405   405   405   2fa   405   405
agenda_item_add                       POST   login 404   404   404   404   redir 2fa   redir redir
agenda_item_remove                    *      login 405   405   405   405   405   2fa   405   405
agenda_item_remove                    POST   login 404   404   404   404   redir 2fa   redir redir
meeting_tasks                         *      login 405   405   405   405   405   2fa   405   405
meeting_tasks                         GET    login 404   404   404   404   ok    2fa   ok    ok
meeting_tasks                         POST   login 404   404   404   404   ok    2fa   ok    ok
meeting_task_edit                     *      login 405   405   405   405   405   2fa   405   405
meeting_task_edit                     GET    login 404   404   404   404   ok    2fa   ok    ok
meeting_task_edit                     POST   login 404   404   404   404   ok    2fa   ok    ok
meeting_task_remove                   *      login 405   405   405   405   405   2fa   405   405
meeting_task_remove                   GET    login 404   404   404   404   ok    2fa   ok    ok
meeting_task_remove                   POST   login 404   404   404   404   redir 2fa   redir redir
meeting_material_remove               *      login 405   405   405   405   405   2fa   405   405
meeting_material_remove               GET    login 404   404   404   404   ok    2fa   ok    ok
meeting_material_remove               POST   login 404   404   404   404   redir 2fa   redir redir
programme_editor                      *      login 404   404   404   404   404   2fa   404   ok
programme_step                        *      login 405   405   405   405   405   2fa   405   405
programme_step                        GET    login 404   404   404   404   404   2fa   404   ok
programme_step                        POST   login 404   404   404   404   404   2fa   404   redir
programme_task_add                    *      login 405   405   405   405   405   2fa   405   405
programme_task_add                    GET    login 404   404   404   404   404   2fa   404   ok
programme_task_add                    POST   login 404   404   404   404   404   2fa   404   ok
programme_task_edit                   *      login 405   405   405   405   405   2fa   405   405
programme_task_edit                   GET    login 404   404   404   404   404   2fa   404   ok
programme_task_edit                   POST   login 404   404   404   404   404   2fa   404   ok
programme_task_remove                 *      login 405   405   405   405   405   2fa   405   405
programme_task_remove                 GET    login 404   404   404   404   404   2fa   404   ok
programme_task_remove                 POST   login 404   404   404   404   404   2fa   404   redir
programme_task_move                   *      login 405   405   405   405   405   2fa   405   405
programme_task_move                   POST   login 404   404   404   404   404   2fa   404   redir
programme_material_add                *      login 405   405   405   405   405   2fa   405   405
programme_material_add                GET    login 404   404   404   404   404   2fa   404   ok
programme_material_add                POST   login 404   404   404   404   404   2fa   404   ok
programme_material_edit               *      login 405   405   405   405   405   2fa   405   405
programme_material_edit               GET    login 404   404   404   404   404   2fa   404   ok
programme_material_edit               POST   login 404   404   404   404   404   2fa   404   ok
programme_material_remove             *      login 405   405   405   405   405   2fa   405   405
programme_material_remove             GET    login 404   404   404   404   404   2fa   404   ok
programme_material_remove             POST   login 404   404   404   404   404   2fa   404   redir
programme_material_move               *      login 405   405   405   405   405   2fa   405   405
programme_material_move               POST   login 404   404   404   404   404   2fa   404   redir
cohort_programme_apply                *      login 405   405   405   405   405   2fa   405   405
cohort_programme_apply                GET    login 404   404   404   404   404   2fa   404   ok
cohort_programme_apply                POST   login 404   404   404   404   404   2fa   404   redir
meeting_agenda_pdf                    *      login 405   405   405   405   405   2fa   405   405
meeting_agenda_pdf                    POST   login redir redir 404   redir redir 2fa   redir redir
meeting_organiser_checklist_pdf       *      login 405   405   405   405   405   2fa   405   405
meeting_organiser_checklist_pdf       POST   login 404   404   404   404   redir 2fa   redir redir
meeting_template                      *      login 405   405   405   405   405   2fa   405   405
meeting_template                      POST   login redir 404   404   404   redir 2fa   redir redir
organisation_facts                    *      login 405   405   405   405   405   2fa   405   405
organisation_facts                    POST   login redir 404   404   404   redir 2fa   redir redir
meeting_templates_all                 *      login 405   405   405   405   405   2fa   405   405
meeting_templates_all                 POST   login 404   404   404   404   redir 2fa   redir redir
meeting_templates_progress            *      login 404   404   404   404   ok    2fa   ok    ok
feedback_manage                       *      login 404   404   404   404   ok    2fa   ok    ok
feedback_manage                       POST   login 404   404   404   404   redir 2fa   redir redir
feedback_release                      *      login 404   404   404   404   ok    2fa   ok    ok
feedback_release                      POST   login 404   404   404   404   redir 2fa   redir redir
feedback_summary_export               *      login 404   404   404   404   ok    2fa   ok    ok
# Mentors read their cluster's organisations "including feedback once it is released"
# (PRODUCT.md §7); another organisation of the cluster does not.
feedback_organisation                 *      login ok    404   404   ok    ok    2fa   ok    ok
feedback_pdf                          *      login ok    404   404   ok    ok    2fa   ok    ok
# The Word letters hold drafts: the meeting's organisers only, never the organisation itself.
feedback_docx                         *      login 404   404   404   404   ok    2fa   ok    ok
feedback_docx_all                     *      login 404   404   404   404   ok    2fa   ok    ok
# The evaluation of a meeting that ended an hour ago (the demo meeting's has closed): the
# invited organisations' people answer it; staff are not asked.
evaluation_answer                     *      login ok    ok    404   ok    404   2fa   404   404
evaluation_answer                     POST   login redir redir 404   redir 404   2fa   404   404
evaluation_results                    *      login 404   404   404   404   ok    2fa   ok    ok
organiser_task_toggle                 *      login 405   405   405   405   405   2fa   405   405
organiser_task_toggle                 POST   login 404   404   404   404   redir 2fa   redir redir
organisation_after_meetings           *      login ok    404   404   ok    ok    2fa   404   ok
organisation_after_meetings           POST   login redir 404   404   404   redir 2fa   404   redir
improvement_edit                      *      login ok    404   404   404   ok    2fa   404   ok
improvement_edit                      POST   login redir 404   404   404   redir 2fa   404   redir
answers_edit                          *      login ok    404   404   ok    ok    2fa   ok    ok
answers_edit                          POST   login redir 404   404   404   404   2fa   404   404
competence_edit                       *      login ok    404   404   ok    ok    2fa   ok    ok
competence_edit                       POST   login redir 404   404   404   404   2fa   404   404
results_pack                          *      login ok    404   404   ok    ok    2fa   404   ok
results_pack                          POST   login redir 404   404   404   404   2fa   404   404
governance_chain                      *      login ok    404   404   ok    ok    2fa   ok    ok
governance_chain                      POST   login redir 404   404   404   404   2fa   404   404
# The state of the improvement work at BM3 (the demo's BM3 of Boden's cluster): its team writes;
# the cluster's mentor and the organisers read; peers read confirmed summaries on the meeting page.
effort_summaries                      *      login ok    404   404   ok    ok    2fa   404   ok
effort_summaries                      POST   login redir 404   404   404   404   2fa   404   404
# Movement and lessons: the team writes; the cluster's mentor and the cohort's organisers read.
movement_lessons                      *      login ok    404   404   ok    ok    2fa   404   ok
movement_lessons                      POST   login redir 404   404   404   404   2fa   404   404
# Lär av varandra (the demo meeting is held and its scores shared): Boden's page for its team, its
# cluster's mentor and the meeting's organisers; the discussion groups for the organisers only.
peer_matches                          *      login ok    404   404   ok    ok    2fa   ok    ok
discussion_groups                     *      login 404   404   404   404   ok    2fa   ok    ok
discussion_groups                     POST   login 404   404   404   404   redir 2fa   redir redir
calendar_settings                     *      login ok    ok    ok    ok    ok    2fa   ok    ok
calendar_settings                     POST   login redir redir redir redir redir 2fa   redir redir
# An organisation's journey: those who may see the organisation. "My journey" goes straight to
# the one organisation a participant has, and offers the others a choice (or says there is none).
organisation_journey                  *      login 405   405   405   405   405   2fa   405   405
organisation_journey                  GET    login ok    404   404   ok    ok    2fa   404   ok
my_journey                            *      login 405   405   405   405   405   2fa   405   405
my_journey                            GET    login redir redir ok    ok    ok    2fa   ok    ok
my_dates                              *      login 405   405   405   405   405   2fa   405   405
my_dates                              GET    login ok    ok    ok    ok    ok    2fa   ok    ok
# The feed's secret address is its own key (calendar apps log in nowhere); a staff session
# that has not passed the second factor is still sent to pass it.
calendar_feed                         *      ok    ok    ok    ok    ok    ok    2fa   ok    ok
checklist_index                       *      login ok    ok    ok    ok    ok    2fa   ok    ok
checklist_comparison                  *      login 404   404   404   404   ok    2fa   404   ok
checklist_comparison_export           *      login 404   404   404   404   ok    2fa   404   ok
checklist_comparison_report           *      login 405   405   405   405   405   2fa   405   405
checklist_comparison_report           POST   login 404   404   404   404   redir 2fa   404   redir
checklist_blank_pdf                   *      login 405   405   405   405   405   2fa   405   405
checklist_blank_pdf                   POST   login redir redir redir redir redir 2fa   redir redir
assessment_overview                   *      login ok    404   404   ok    ok    2fa   404   ok
assessment_workbook                   *      login ok    404   404   ok    ok    2fa   404   ok
assessment_import                     *      login ok    404   404   404   404   2fa   404   404
assessment_import                     POST   login redir 404   404   404   404   2fa   404   404
assessment_report                     *      login 405   405   405   405   405   2fa   405   405
assessment_report                     POST   login redir 404   404   redir redir 2fa   404   redir
assessment_import_preview             *      login ok    404   404   404   404   2fa   404   404
assessment_import_preview             POST   login redir 404   404   404   404   2fa   404   404
assessment_detail                     *      login ok    404   404   ok    ok    2fa   404   ok
assessment_detail                     POST   login redir 404   404   404   404   2fa   404   404
assessment_item_save                  *      login 405   405   405   405   405   2fa   405   405
assessment_item_save                  POST   login ok    404   404   404   404   2fa   404   404
assessment_reopen                     *      login 405   405   405   405   405   2fa   405   405
assessment_reopen                     POST   login 404   404   404   404   redir 2fa   404   redir
stakeholder_analysis                  *      login ok    404   404   ok    ok    2fa   404   ok
stakeholder_analysis                  POST   login redir 404   404   404   404   2fa   404   404
stakeholder_version                   *      login ok    404   404   ok    ok    2fa   404   ok
stakeholder_changes                   *      login ok    404   404   ok    ok    2fa   404   ok
stakeholder_version_ready             *      login 405   405   405   405   405   2fa   405   405
stakeholder_version_ready             POST   login redir 404   404   404   404   2fa   404   404
stakeholder_add                       *      login 405   405   405   405   405   2fa   405   405
stakeholder_add                       POST   login redir 404   404   404   404   2fa   404   404
stakeholder_update                    *      login 405   405   405   405   405   2fa   405   405
stakeholder_update                    POST   login redir 404   404   404   404   2fa   404   404
stakeholder_remove                    *      login 405   405   405   405   405   2fa   405   405
stakeholder_remove                    POST   login redir 404   404   404   404   2fa   404   404
stakeholder_export_xlsx               *      login ok    404   404   ok    ok    2fa   404   ok
stakeholder_export_pdf                *      login ok    404   404   ok    ok    2fa   404   ok
stakeholder_import                    *      login ok    404   404   404   404   2fa   404   404
stakeholder_import                    POST   login redir 404   404   404   404   2fa   404   404
stakeholder_import_preview            *      login ok    404   404   404   404   2fa   404   404
stakeholder_import_preview            POST   login redir 404   404   404   404   2fa   404   404
health                                *      405   405   405   405   405   405   405   405   405
health                                GET    ok    ok    ok    ok    ok    ok    ok    ok    ok
organisation_detail                   *      login ok    404   404   ok    ok    2fa   404   ok
invitation_create                     *      login 405   405   405   405   405   2fa   405   405
invitation_create                     POST   login 404   404   404   404   redir 2fa   404   redir
cohort_detail                         *      login ok    ok    404   ok    ok    2fa   404   ok
# Starting a round: the programme office sets it up; its organisers invite and follow the teams.
# A bulk list's preview lives in the session of the person who read it: "matrix-key" is no one's.
round_create                          *      login 404   404   404   404   404   2fa   404   ok
round_create                          POST   login 404   404   404   404   404   2fa   404   redir
round_setup                           *      login 404   404   404   404   404   2fa   404   ok
round_setup                           POST   login 404   404   404   404   404   2fa   404   redir
round_meetings                        *      login 404   404   404   404   404   2fa   404   ok
round_meetings                        POST   login 404   404   404   404   404   2fa   404   redir
round_invitations                     *      login 404   404   404   404   ok    2fa   404   ok
invite_bulk                           *      login 404   404   404   404   ok    2fa   404   ok
invite_bulk                           POST   login 404   404   404   404   redir 2fa   404   redir
invite_bulk_preview                   *      login 404   404   404   404   404   2fa   404   404
invitation_remind                     *      login 405   405   405   405   405   2fa   405   405
invitation_remind                     POST   login 404   404   404   404   redir 2fa   404   redir
invitation_renew                      *      login 405   405   405   405   405   2fa   405   405
invitation_renew                      POST   login 404   404   404   404   redir 2fa   404   redir
# Participants see their cluster peers' key figures (PRODUCT.md §7) on their own
# organisation's cluster page; both pages stay with those who may read the organisation.
keyfigures_organisation               *      login ok    404   404   ok    ok    2fa   404   ok
keyfigures_peers                      *      login 405   405   405   405   405   2fa   405   405
keyfigures_peers                      GET    login ok    404   404   ok    ok    2fa   404   ok
keyfigures_cohort                     *      login 404   404   404   404   ok    2fa   404   ok
invitation_accept                     *      405   405   405   405   405   405   2fa   405   405
invitation_accept                     GET    ok    403   403   403   403   403   2fa   403   403
invitation_accept                     POST   redir 403   403   403   403   403   2fa   403   403
generated_file_detail                 *      login ok    404   404   404   ok    2fa   ok    ok
generated_file_download               *      login ok    404   404   404   ok    2fa   ok    ok
generated_file_retry                  *      login 405   405   405   405   405   2fa   405   405
generated_file_retry                  POST   login redir 404   404   404   redir 2fa   redir redir
personal_data                         *      login 405   405   405   405   405   2fa   405   405
personal_data                         GET    login ok    ok    ok    ok    ok    2fa   ok    ok
personal_data_download                *      login 405   405   405   405   405   2fa   405   405
personal_data_download                GET    login ok    ok    ok    ok    ok    2fa   ok    ok
people                                *      login 405   405   405   405   405   2fa   405   405
people                                GET    login 404   404   404   404   404   2fa   404   ok
user_remove                           *      login 405   405   405   405   405   2fa   405   405
user_remove                           GET    login 404   404   404   404   404   2fa   404   ok
user_remove                           POST   login 404   404   404   404   404   2fa   404   redir
audit_log                             *      login 405   405   405   405   405   2fa   405   405
audit_log                             GET    login 404   404   404   404   ok    2fa   404   ok
outbox                                *      login 405   405   405   405   405   2fa   405   405
outbox                                GET    login 404   404   404   404   404   2fa   404   ok
outbox_resend                         *      login 405   405   405   405   405   2fa   405   405
outbox_resend                         POST   login 404   404   404   404   404   2fa   404   redir
# The public information pages the footer links to (accessibility statement, personal data,
# help): everyone, staff at the second-factor step too, so that they can read the help and
# find the contact. They show nobody's data.
accessibility_statement               *      405   405   405   405   405   405   405   405   405
accessibility_statement               GET    ok    ok    ok    ok    ok    ok    ok    ok    ok
accessibility_statement               HEAD   ok    ok    ok    ok    ok    ok    ok    ok    ok
privacy_notice                        *      405   405   405   405   405   405   405   405   405
privacy_notice                        GET    ok    ok    ok    ok    ok    ok    ok    ok    ok
privacy_notice                        HEAD   ok    ok    ok    ok    ok    ok    ok    ok    ok
help                                  *      405   405   405   405   405   405   405   405   405
help                                  GET    ok    ok    ok    ok    ok    ok    ok    ok    ok
help                                  HEAD   ok    ok    ok    ok    ok    ok    ok    ok    ok
# allauth's form pages are Django FormViews, which take PUT as POST.
account_login                         *      ok    redir redir redir redir redir 2fa   redir redir
account_login                         PATCH  405   redir redir redir redir redir 2fa   redir redir
account_login                         DELETE 405   redir redir redir redir redir 2fa   redir redir
account_login                         POST   redir redir redir redir redir redir 2fa   redir redir
# Logging out ends on the login page; it changes nothing but the session.
account_logout                        *      405   405   405   405   405   405   405   405   405
account_logout                        GET    login ok    ok    ok    ok    ok    ok    ok    ok
account_logout                        HEAD   login ok    ok    ok    ok    ok    ok    ok    ok
account_logout                        POST   login login login login login login login login login
account_inactive                      *      405   405   405   405   405   405   2fa   405   405
account_inactive                      GET    ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_inactive                      HEAD   ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_signup                        *      ok    redir redir redir redir redir 2fa   redir redir
account_reauthenticate                *      login ok    ok    ok    ok    ok    ok    ok    ok
account_reauthenticate                PATCH  login 405   405   405   405   405   405   405   405
account_reauthenticate                DELETE login 405   405   405   405   405   405   405   405
account_reauthenticate                POST   login redir redir redir redir redir redir redir redir
account_request_reauthentication_code *      login 403   403   403   403   403   2fa   403   403
account_confirm_reauthentication_code *      login 403   403   403   403   403   2fa   403   403
# allauth adds no e-mail address to an account with two-factor login: staff get the form back.
account_email                         *      login ok    ok    ok    ok    ok    2fa   ok    ok
account_email                         PUT    login redir redir redir redir redir 2fa   redir redir
account_email                         PATCH  login 405   405   405   405   405   2fa   405   405
account_email                         DELETE login 405   405   405   405   405   2fa   405   405
account_email                         POST   login redir redir redir redir ok    2fa   ok    ok
account_email_verification_sent       *      405   405   405   405   405   405   2fa   405   405
account_email_verification_sent       GET    ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_email_verification_sent       HEAD   ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_change_password               *      login ok    ok    ok    ok    ok    2fa   ok    ok
account_change_password               PATCH  login 405   405   405   405   405   2fa   405   405
account_change_password               DELETE login 405   405   405   405   405   2fa   405   405
account_change_password               POST   login redir redir redir redir redir 2fa   redir redir
account_set_password                  *      login redir redir redir redir redir 2fa   redir redir
account_reset_password                *      ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_reset_password                PATCH  405   405   405   405   405   405   2fa   405   405
account_reset_password                DELETE 405   405   405   405   405   405   2fa   405   405
account_reset_password                POST   redir redir redir redir redir redir 2fa   redir redir
account_confirm_login_code            *      login redir redir redir redir redir 2fa   redir redir
account_confirm_email                 *      405   405   405   405   405   405   2fa   405   405
account_confirm_email                 GET    ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_confirm_email                 HEAD   ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_confirm_email                 POST   404   404   404   404   404   404   2fa   404   404
account_reset_password_from_key_done  *      405   405   405   405   405   405   2fa   405   405
account_reset_password_from_key_done  GET    ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_reset_password_from_key_done  HEAD   ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_reset_password_from_key       *      ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_reset_password_done           *      405   405   405   405   405   405   2fa   405   405
account_reset_password_done           GET    ok    ok    ok    ok    ok    ok    2fa   ok    ok
account_reset_password_done           HEAD   ok    ok    ok    ok    ok    ok    2fa   ok    ok
mfa_index                             *      login 405   405   405   405   405   405   405   405
mfa_index                             GET    login ok    ok    ok    ok    ok    ok    ok    ok
mfa_index                             HEAD   login ok    ok    ok    ok    ok    ok    ok    ok
mfa_authenticate                      *      login redir redir redir redir redir redir redir redir
mfa_reauthenticate                    *      login redir redir redir redir ok    ok    ok    ok
mfa_reauthenticate                    PATCH  login redir redir redir redir 405   405   405   405
mfa_reauthenticate                    DELETE login redir redir redir redir 405   405   405   405
mfa_reauthenticate                    POST   login redir redir redir redir redir redir redir redir
mfa_activate_totp                     *      login redir redir redir redir redir redir redir redir
mfa_deactivate_totp                   *      login 404   404   404   404   ok    2fa   ok    ok
mfa_deactivate_totp                   PUT    login 404   404   404   404   redir 2fa   redir redir
mfa_deactivate_totp                   PATCH  login 404   404   404   404   405   2fa   405   405
mfa_deactivate_totp                   DELETE login 404   404   404   404   405   2fa   405   405
mfa_deactivate_totp                   POST   login 404   404   404   404   redir 2fa   redir redir
# Staff whose login has not passed the second factor must not reach the recovery codes:
# with the password alone (account_reauthenticate) they could make new ones and pass the
# second factor with one. portal.middleware.SECOND_FACTOR_PAGES lets them in today: these
# three URLs fail for no2fa until it does not.
mfa_view_recovery_codes               *      login 405   405   405   405   405   2fa   405   405
mfa_view_recovery_codes               GET    login 404   404   404   404   404   2fa   404   404
mfa_view_recovery_codes               HEAD   login 404   404   404   404   404   2fa   404   404
mfa_generate_recovery_codes           *      login ok    ok    ok    ok    ok    2fa   ok    ok
mfa_generate_recovery_codes           PUT    login ok    ok    ok    ok    redir 2fa   redir redir
mfa_generate_recovery_codes           PATCH  login 405   405   405   405   405   2fa   405   405
mfa_generate_recovery_codes           DELETE login 405   405   405   405   405   2fa   405   405
mfa_generate_recovery_codes           POST   login ok    ok    ok    ok    redir 2fa   redir redir
mfa_download_recovery_codes           *      login 404   404   404   404   405   2fa   405   405
mfa_download_recovery_codes           GET    login 404   404   404   404   ok    2fa   ok    ok
mfa_download_recovery_codes           HEAD   login 404   404   404   404   ok    2fa   ok    ok
set_language                          *      redir redir redir redir redir redir redir redir redir
admin:login                           GET    login 403   403   403   403   403   2fa   403   redir
admin:login                           POST   login 403   403   403   403   403   2fa   403   redir
admin:logout                          GET    redir redir redir redir redir redir 2fa   redir 405
admin:logout                          POST   redir redir redir redir redir redir 2fa   redir ok
"""

EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {}
for _line in _TABLE.strip().splitlines():
    if _line.startswith("#"):
        continue
    _name, _method, *_answers = _line.split()
    assert len(_answers) == len(TABLE_ROLES), _line
    assert _method in METHODS or (_method == "*" and not _name.startswith("admin:")), _line
    assert (_name, _method) not in EXPECTED, f"Two lines for {_name} {_method}"
    EXPECTED[_name, _method] = tuple(_answers)


def methods_for(name: str) -> tuple[str, ...]:
    """The methods the matrix requests a URL with: all of them, or GET alone on the admin site
    (with the methods that have lines of their own)."""
    if name.startswith("admin:"):
        return tuple(m for m in METHODS if m == "GET" or (name, m) in EXPECTED)
    return METHODS


def expected_for(name: str, method: str) -> dict[str, str] | None:
    answers = EXPECTED.get((name, method))
    if answers is None and not name.startswith("admin:"):
        answers = EXPECTED.get((name, "*"))
    if answers is None and name.startswith("admin:") and method == "GET":
        answers = ADMIN_SITE
    if answers is None:
        return None
    expected = dict(zip(TABLE_ROLES, answers, strict=True))
    expected["admin_via_django_login"] = expected["anonymous"]
    return expected


def is_refused(answer: str) -> bool:
    return answer in ("login", "2fa") or (answer.isdigit() and 400 <= int(answer) < 500)


def outcome(response, login_urls: tuple[str, ...], second_factor_urls: tuple[str, ...]) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = response["Location"].split("?")[0]
        if path in login_urls:
            return "login"
        if path in second_factor_urls:
            return "2fa"
        return "redir"
    return "ok" if status == 200 else str(status)


def format_rows(rows: list[tuple[str, str, dict[str, str]]]) -> str:
    """Answers as table lines: per URL the most common answers as "*" (GET's when it is a
    tie), then the methods that answer otherwise."""
    by_name: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, method, answers in rows:
        by_name.setdefault(name, {})[method] = tuple(answers[role] for role in TABLE_ROLES)
    lines = []
    for name, by_method in by_name.items():
        answers = list(by_method.values())
        common = max(answers, key=lambda a: (answers.count(a), a == by_method.get("GET")))
        own = [m for m in METHODS if m in by_method and by_method[m] != common]
        if name.startswith("admin:"):
            own, common = list(by_method), None
        lines += [_line(name, "*", common)] if common else []
        lines += [_line(name, method, by_method[method]) for method in own]
    return "\n".join(lines)


def _line(name: str, method: str, answers: tuple[str, ...]) -> str:
    return f"{name:<38}{method:<7}" + " ".join(f"{answer:<5}" for answer in answers).rstrip()
