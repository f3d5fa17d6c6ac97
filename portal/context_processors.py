from .selectors import is_programme_admin, is_staff_user, organised_cohort_ids


def portal(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_is_admin": is_programme_admin(user),
        "nav_is_staff": is_staff_user(user),
        # Admins and cohort organisers: the audit log (the rule portal.view_audit_log).
        "nav_organises": is_programme_admin(user) or bool(organised_cohort_ids(user)),
    }
