"""A person's own data (download), and the programme admin's removal of a person."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .personal_data import (
    personal_data_export,
    user_removal_preview,
    user_remove,
    users_removable_by,
)
from .selectors import open_invitations, people_rows
from .shortcuts import get_visible_or_404, require

PEOPLE_SHOWN = 50


@login_required
@require_GET
def personal_data(request):
    return render(request, "portal/personal_data.html", {"person": request.user})


@login_required
@require_GET
def personal_data_download(request):
    """Always the signed-in person's own data: the URL takes no parameter to point elsewhere."""
    data = personal_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def people(request):
    require(request.user, "portal.manage_people")
    search = request.GET.get("q", "")[:200]
    found = users_removable_by(request.user, search=search)
    return render(
        request,
        "portal/people.html",
        {
            "search": search,
            "rows": people_rows(list(found[:PEOPLE_SHOWN]), by=request.user),
            "total": found.count(),
            "shown": PEOPLE_SHOWN,
            "invitations": open_invitations(),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_remove_confirm(request, pk: int):
    person = get_visible_or_404(users_removable_by(request.user), pk=pk)
    if request.method == "POST":
        try:
            user_remove(user=person, by=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            person.refresh_from_db()  # the service saved the neutral name
            messages.success(
                request,
                _("The person was removed. Their content is kept under the name “%(name)s”.")
                % {"name": person},
            )
            return redirect("people")
    return render(
        request,
        "portal/user_remove.html",
        {"person": person, "preview": user_removal_preview(person)},
    )
