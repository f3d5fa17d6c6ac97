from django.conf import settings

from .selectors import is_programme_admin, is_staff_user, organised_cohort_ids


def portal(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_is_admin": is_programme_admin(user),
        "nav_is_staff": is_staff_user(user),
        # Admins and cohort organisers: the audit log (the rule portal.view_audit_log).
        "nav_organises": is_programme_admin(user) or bool(organised_cohort_ids(user)),
        # The organisation behind the service and its contact, as each operator sets them.
        "portal_operator_name": getattr(settings, "PORTAL_OPERATOR_NAME", ""),
        "portal_contact_email": getattr(settings, "PORTAL_CONTACT_EMAIL", ""),
    }
