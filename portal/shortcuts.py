import rules
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404


def get_visible_or_404(queryset: QuerySet, **lookup) -> Model:
    """Fetch an object from a visibility-filtered queryset: missing and forbidden look the same."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def require(user, permission: str, obj=None) -> None:
    """Ask the rulebook for a named permission; a refusal looks like a missing page (404), so
    nobody learns what exists that they may not see."""
    if not rules.has_perm(permission, user, obj):
        raise Http404


def apply_validation_error(form, error: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on a form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, error)
