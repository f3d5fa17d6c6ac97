"""Staff pages in the portal: the audit log and the e-mail outbox with its sent log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import audit, selectors
from .emails import email_resend, outbox_search
from .models import OutgoingEmail
from .shortcuts import get_visible_or_404, require

PER_PAGE = 50


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _page_numbers(page) -> list:
    """The page numbers the pagination links to: the ends and the pages around this one, with
    the paginator's ellipsis for the pages left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def _query_without_page(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


@login_required
@require_GET
def audit_log(request):
    require(request.user, "portal.view_audit_log")
    organisations = list(selectors.organisations_visible_to(request.user).values_list("pk", "name"))
    organisation_id = _int(request.GET.get("organisation", ""))
    dimensions = []
    scopes = {}
    for dimension in audit.audit_dimensions():
        choices = list(dimension.choices(request.user))
        chosen = _int(request.GET.get(dimension.name, ""))
        if chosen is not None and chosen in {pk for pk, _label in choices}:
            scopes[dimension.name] = chosen
        dimensions.append({"dimension": dimension, "choices": choices, "chosen": chosen})
    if organisation_id not in {pk for pk, _name in organisations}:
        organisation_id = None
    action = request.GET.get("action", "")[:100]
    person = request.GET.get("person", "")[:200]
    page = _page(
        request,
        audit.audit_entries_filtered(
            request.user,
            organisation_id=organisation_id,
            action=action,
            person=person,
            scopes=scopes,
        ),
    )
    entries = [(entry, audit.audit_action_label(entry.action)) for entry in page.object_list]
    return render(
        request,
        "portal/audit_log.html",
        {
            "page": page,
            "page_numbers": _page_numbers(page),
            "entries": entries,
            "organisations": organisations,
            "organisation_id": organisation_id,
            "dimensions": dimensions,
            "actions": audit.audit_action_choices(),
            "action": action,
            "person": person,
            "query": _query_without_page(request),
        },
    )


@login_required
@require_GET
def outbox(request):
    require(request.user, "portal.manage_outbox")
    search = request.GET.get("q", "")[:200]
    status = request.GET.get("status", "")
    page = _page(request, outbox_search(search=search, status=status))
    return render(
        request,
        "portal/outbox.html",
        {
            "page": page,
            "page_numbers": _page_numbers(page),
            "search": search,
            "status": status if status in OutgoingEmail.Status.values else "",
            "statuses": OutgoingEmail.Status.choices,
            "query": _query_without_page(request),
        },
    )


@login_required
@require_POST
def outbox_resend(request, pk: int):
    require(request.user, "portal.manage_outbox")
    email = get_visible_or_404(OutgoingEmail.objects.defer("body", "attachment"), pk=pk)
    try:
        email_resend(email=email, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("The message to %(to)s is queued to be sent again.") % {"to": email.to}
        )
    back = request.POST.get("next", "")
    if not back.startswith(reverse("outbox")):
        back = reverse("outbox")
    return redirect(back)
