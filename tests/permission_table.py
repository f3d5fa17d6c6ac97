"""The expected answer of every URL pattern to a GET from each kind of person: the one place
the permission matrix (tests/portal/test_permission_matrix.py) reads.

Each entry is one line: the URL name, then one answer per role in the order of ROLES:
  ok     200
  login  a redirect to a login page (allauth's, or the admin's for the admin site)
  redirect  a redirect elsewhere (to a set-up page, the home page, the newest version, …)
  404    not found: the object exists but the person may not see it (PRODUCT.md §7)
  403    refused
  405    the URL takes POST only (or GET is otherwise not allowed)

Roles: anonymous; participant_a (Boden, whose objects fill the URL parameters);
participant_b (Piteå: another organisation in the same cohort and cluster); other_cohort
(Lund, a participant of the earlier cohort); mentor (Luleå, mentor of Boden's cluster);
organiser (of the current cohort); admin (programme admin). Staff log in with two factors.

Groups: every pattern of Django's admin site ("admin:*") follows the ADMIN_SITE rule (only the
programme admin gets in; everyone else is sent to the admin's login). Patterns are still
counted and requested one by one.
"""

ROLES = (
    "anonymous",
    "participant_a",
    "participant_b",
    "other_cohort",
    "mentor",
    "organiser",
    "admin",
)

# admin: anything but a login redirect or a server error (a read-only model answers 403 to
# "add", a missing object redirects to the index); everyone else: the admin's login page.
ADMIN_SITE = ("login", "login", "login", "login", "login", "login", "reached")

_TABLE = """
# URL name                           anonymous partic_a partic_b othercoh mentor  organiser admin
home                                 login    ok       ok       ok       ok       ok       ok
meeting_create                       login    404      404      404      404      ok       ok
meeting_detail                       login    ok       ok       404      ok       ok       ok
meeting_edit                         login    404      404      404      404      ok       ok
meeting_publish                      login    405      405      405      405      405      405
meeting_board                        login    404      404      404      404      ok       ok
meeting_board_remind                 login    404      404      404      404      ok       ok
extension_grant                      login    405      405      405      405      405      405
meeting_zip                          login    405      405      405      405      405      405
task_toggle                          login    405      405      405      405      405      405
presentation_upload                  login    405      405      405      405      405      405
presentation_download                login    ok       ok       404      ok       ok       ok
presentation_final                   login    405      405      405      405      405      405
material_add                         login    405      405      405      405      405      405
material_download                    login    ok       ok       404      ok       ok       ok
agenda_item_add                      login    405      405      405      405      405      405
agenda_item_remove                   login    405      405      405      405      405      405
meeting_agenda_pdf                   login    405      405      405      405      405      405
meeting_template                     login    405      405      405      405      405      405
organisation_facts                   login    405      405      405      405      405      405
meeting_templates_all                login    405      405      405      405      405      405
meeting_templates_progress           login    404      404      404      404      404      404
feedback_manage                      login    404      404      404      404      ok       ok
feedback_release                     login    405      405      405      405      405      405
feedback_organisation                login    ok       404      404      404      ok       ok
feedback_pdf                         login    ok       404      404      404      ok       ok
evaluation_answer                    login    ok       ok       404      ok       404      404
evaluation_results                   login    404      404      404      404      ok       ok
organiser_task_toggle                login    405      405      405      405      405      405
organisation_after_meetings          login    ok       404      404      ok       ok       ok
improvement_edit                     login    ok       404      404      404      ok       ok
calendar_settings                    login    ok       ok       ok       ok       ok       ok
calendar_feed                        ok       ok       ok       ok       ok       ok       ok
checklist_index                      login    ok       ok       ok       ok       ok       ok
checklist_comparison                 login    404      404      404      404      ok       ok
checklist_comparison_export          login    404      404      404      404      ok       ok
checklist_comparison_report          login    405      405      405      405      405      405
assessment_overview                  login    ok       404      404      ok       ok       ok
assessment_workbook                  login    ok       404      404      ok       ok       ok
assessment_import                    login    ok       404      404      404      404      404
assessment_report                    login    405      405      405      405      405      405
assessment_import_preview            login    ok       404      404      404      404      404
assessment_detail                    login    ok       404      404      ok       ok       ok
assessment_item_save                 login    405      405      405      405      405      405
assessment_reopen                    login    405      405      405      405      405      405
stakeholder_analysis                 login    ok       404      404      ok       ok       ok
stakeholder_version                  login    ok       404      404      ok       ok       ok
stakeholder_changes                  login    ok       404      404      ok       ok       ok
stakeholder_version_ready            login    405      405      405      405      405      405
stakeholder_add                      login    405      405      405      405      405      405
stakeholder_update                   login    405      405      405      405      405      405
stakeholder_remove                   login    405      405      405      405      405      405
stakeholder_export_xlsx              login    ok       404      404      ok       ok       ok
stakeholder_export_pdf               login    ok       404      404      ok       ok       ok
stakeholder_import                   login    ok       404      404      404      404      404
stakeholder_import_preview           login    ok       404      404      404      404      404
health                               ok       ok       ok       ok       ok       ok       ok
organisation_detail                  login    ok       404      404      ok       ok       ok
invitation_create                    login    405      405      405      405      405      405
cohort_detail                        login    ok       ok       404      ok       ok       ok
keyfigures_organisation              login    ok       404      404      ok       ok       ok
keyfigures_cohort                    login    404      404      404      404      ok       ok
invitation_accept                    ok       403      403      403      403      403      403
generated_file_detail                login    ok       404      404      404      ok       ok
generated_file_download              login    ok       404      404      404      ok       ok
generated_file_retry                 login    405      405      405      405      405      405
personal_data                        login    ok       ok       ok       ok       ok       ok
personal_data_download               login    ok       ok       ok       ok       ok       ok
people                               login    404      404      404      404      404      ok
user_remove                          login    404      404      404      404      404      ok
account_login                        ok       redirect redirect redirect redirect redirect redirect
account_logout                       login    ok       ok       ok       ok       ok       ok
account_inactive                     ok       ok       ok       ok       ok       ok       ok
account_signup                       ok       redirect redirect redirect redirect redirect redirect
account_reauthenticate               login    ok       ok       ok       ok       ok       ok
account_request_reauthentication_code login   403      403      403      403      403      403
account_confirm_reauthentication_code login   403      403      403      403      403      403
account_email                        login    ok       ok       ok       ok       ok       ok
account_email_verification_sent      ok       ok       ok       ok       ok       ok       ok
account_change_password              login    ok       ok       ok       ok       ok       ok
account_set_password                 login    redirect redirect redirect redirect redirect redirect
account_reset_password               ok       ok       ok       ok       ok       ok       ok
account_confirm_login_code           login    redirect redirect redirect redirect redirect redirect
account_confirm_email                ok       ok       ok       ok       ok       ok       ok
account_reset_password_from_key_done ok       ok       ok       ok       ok       ok       ok
account_reset_password_from_key      ok       ok       ok       ok       ok       ok       ok
account_reset_password_done          ok       ok       ok       ok       ok       ok       ok
mfa_index                            login    ok       ok       ok       ok       ok       ok
mfa_authenticate                     login    redirect redirect redirect redirect redirect redirect
mfa_reauthenticate                   login    redirect redirect redirect redirect ok       ok
mfa_activate_totp                    login    redirect redirect redirect redirect redirect redirect
mfa_deactivate_totp                  login    404      404      404      404      redirect redirect
mfa_view_recovery_codes              login    404      404      404      404      404      404
mfa_generate_recovery_codes          login    redirect redirect redirect redirect redirect redirect
mfa_download_recovery_codes          login    404      404      404      404      404      404
set_language                         redirect redirect redirect redirect redirect redirect redirect
admin:login                          ok       ok       ok       ok       ok       ok       redirect
admin:logout                         redirect redirect redirect redirect redirect redirect 405
"""

EXPECTED: dict[str, tuple[str, ...]] = {}
for _line in _TABLE.strip().splitlines():
    if _line.startswith("#"):
        continue
    _name, *_answers = _line.split()
    assert len(_answers) == len(ROLES), _line
    EXPECTED[_name] = tuple(_answers)


def expected_for(name: str) -> tuple[str, ...] | None:
    if name in EXPECTED:
        return EXPECTED[name]
    if name.startswith("admin:"):
        return ADMIN_SITE
    return None


def outcome(response, login_urls: tuple[str, ...]) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        return "login" if location.split("?")[0] in login_urls else "redirect"
    return "ok" if status == 200 else str(status)
