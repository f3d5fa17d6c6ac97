"""The comparison across organisations, for organisers and admins: the page, its Excel export
and its PDF report."""

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.generation import generated_file_request
from portal.workbooks import XLSX_CONTENT_TYPE

from . import selectors
from .comparison import comparison_data
from .documents import build_comparison_xlsx
from .forms import ComparisonFilterForm
from .reports import comparison_sheet


def _comparison(request):
    if not rules.has_perm("checklists.view_comparison", request.user):
        raise Http404
    cohorts = selectors.comparison_cohorts_for(request.user)
    form = ComparisonFilterForm(request.GET or None, cohorts=cohorts)
    if request.GET and not form.is_valid():
        if "cohort" in form.errors or "cluster" in form.errors:
            raise Http404  # a cohort the person does not organise is not revealed
        form = ComparisonFilterForm(None, cohorts=cohorts)
    filters = form.filters() if form.is_bound else ComparisonFilterForm.default_filters()
    data = comparison_data(cohorts=cohorts, **filters)
    if data is not None:
        form.set_sort_choices(data.data.item_numbers)
    return form, filters, data


@login_required
def comparison(request):
    form, filters, data = _comparison(request)
    query = request.GET.copy()
    sort_links = {}
    if data is not None:
        for key in ["name", "total", "movement"] + [f"item_{n}" for n in data.data.item_numbers]:
            link = query.copy()
            descending = filters["sort"] == key and not filters["descending"]
            link["sort"], link["order"] = key, "desc" if descending else "asc"
            sort_links[key] = "?" + link.urlencode()
    return render(
        request,
        "checklists/comparison.html",
        {
            "form": form,
            "filters": filters,
            "data": data,
            "sort_links": sort_links,
            "item_headers": [(item, sort_links[f"item_{item.number}"]) for item in data.data.items]
            if data
            else [],
            "average_tables": [
                (_("Per cohort"), data.cohort_averages),
                (_("Per type of organisation"), data.kind_averages),
            ]
            if data
            else [],
            "export_query": query.urlencode(),
        },
    )


@login_required
def comparison_export(request):
    _form, filters, data = _comparison(request)
    if data is None:
        raise Http404
    sheet = comparison_sheet(data, filters)
    response = HttpResponse(build_comparison_xlsx(sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="jamforelse-{data.occasion.lower()}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def comparison_report(request):
    """The comparison of one cohort, with the filters of the page, as PDF."""
    _form, filters, data = _comparison(request)
    if data is None or filters["cohort"] is None:
        raise Http404
    generated = generated_file_request(
        kind="comparison_report",
        parameters={
            "cohort": filters["cohort"].pk,
            "cluster": filters["cluster"].pk if filters["cluster"] else None,
            "kind": filters["kind"],
            "occasion": filters["occasion"],
            "base": filters["base"],
            "version": filters["version"].pk if filters["version"] else None,
            "drafts": filters["include_drafts"],
        },
        by=request.user,
    )
    return redirect("generated_file_detail", pk=generated.pk)
