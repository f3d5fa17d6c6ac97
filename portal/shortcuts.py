from collections.abc import Callable

import rules
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .workbooks import WorkbookInvalid, WorkbookLimits, WorkbookProblem, upload_content


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


def workbook_upload_prepare(form, prepare: Callable[..., Model], limits: WorkbookLimits):
    """The first step of a staged workbook import, for a bound upload form: reads the file within
    the limits and hands it to the app's `prepare(content=..., filename=...)`. Returns the
    pending import, or None with every problem listed (and the form told that nothing changed)."""
    problems: list[WorkbookProblem] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            return prepare(content=upload_content(upload, limits), filename=upload.name), []
        except WorkbookInvalid as invalid:
            problems = invalid.problems
        except ValidationError as error:
            problems = [WorkbookProblem(message) for message in error.messages]
    if problems:
        form.add_error(
            "file",
            _("The workbook was not imported; nothing was changed. Correct the problems below."),
        )
    return None, problems


def apply_validation_error(form, error: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on a form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, error)
