from .selectors import is_programme_admin, is_staff_user


def portal(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_is_admin": is_programme_admin(user),
        "nav_is_staff": is_staff_user(user),
    }
