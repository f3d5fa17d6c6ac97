"""The comparison across organisations, for organisers and admins: the page, its Excel export
and its PDF report."""

from dataclasses import dataclass

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.generation import generated_file_request
from portal.workbooks import XLSX_CONTENT_TYPE

from . import selectors
from .comparison import Comparison, comparison_data
from .documents import build_comparison_xlsx
from .forms import ALL_COHORTS, ComparisonFilterForm
from .reports import comparison_sheet

TABLE_ID = "comparison-table"


@dataclass
class ComparisonRequest:
    """What the query string asked for, resolved: the filters the table was built with, and
    what the page must explain (a cluster of another round, values it could not use)."""

    filters: dict
    data: Comparison | None
    cohorts: list
    versions: list
    other_cluster: object = None
    reset_fields: tuple[str, ...] = ()

    def values(self, **changes) -> dict:
        """The resolved filters as query-string values (what the page shows, explicitly)."""
        filters, data = self.filters, self.data
        values = {
            "cohort": data.cohort.pk if data.cohort else ALL_COHORTS,
            "occasion": data.occasion,
            "base": data.base or "",
            "cluster": filters["cluster"].pk if filters["cluster"] else "",
            "kind": filters["kind"],
            "readiness": filters["readiness_filter"],
            "q": filters["query"],
            "version": "" if data.data.version.is_default else data.data.version.pk,
            "drafts": "on" if filters["include_drafts"] else "",
            "sort": filters["sort"],
            "order": "desc" if filters["descending"] else "asc",
        }
        return values | changes

    def query(self, **changes) -> str:
        """The query string of the page with `changes`; empty values are left out, except an
        empty base (no comparison), which differs from no base (the occasion before)."""
        return urlencode(
            {key: value for key, value in self.values(**changes).items() if value or key == "base"}
        )


def _comparison(request) -> ComparisonRequest:
    if not rules.has_perm("checklists.view_comparison", request.user):
        raise Http404
    cohorts = list(selectors.comparison_cohorts_for(request.user).order_by("-starts_on", "name"))
    versions = selectors.checklist_versions()
    form = ComparisonFilterForm(request.GET or None, cohorts=cohorts, versions=versions)
    reset = ()
    if form.is_bound and not form.is_valid():
        if "cohort" in form.errors or "cluster" in form.errors:
            raise Http404  # a cohort the person does not organise is not revealed
        reset = tuple(str(form.fields[name].label or name) for name in form.errors)
    filters = form.filters(current=selectors.current_cohort(cohorts, today=timezone.localdate()))
    other_cluster = filters.pop("other_cluster")
    filters["version"] = filters["version"] or next(
        (version for version in versions if version.is_default), None
    )
    data = (
        comparison_data(cohorts=cohorts, **filters)
        if filters["version"] is not None and cohorts
        else None
    )
    return ComparisonRequest(
        filters=filters,
        data=data,
        cohorts=cohorts,
        versions=versions,
        other_cluster=other_cluster,
        reset_fields=reset,
    )


@dataclass
class SortHeader:
    label: str
    url: str
    state: str  # "ascending", "descending" or "" (not sorted by this column)


def _sort_headers(asked: ComparisonRequest) -> dict[str, SortHeader]:
    data, filters = asked.data, asked.filters
    columns = {
        "name": _("Organisation"),
        "cluster": _("Cluster"),
        "total": _("Total"),
        "movement": _("Movement since %(occasion)s") % {"occasion": data.base_label},
        "readiness": _("Ready"),
    } | {f"item_{item.number}": f"{item.number}. {item.short_title}" for item in data.data.items}
    headers = {}
    for key, label in columns.items():
        sorted_here = filters["sort"] == key
        descending = sorted_here and filters["descending"]
        headers[key] = SortHeader(
            label=label,
            url="?"
            + asked.query(sort=key, order="asc" if descending or not sorted_here else "desc"),
            state=("descending" if descending else "ascending") if sorted_here else "",
        )
    return headers


@login_required
def comparison(request):
    asked = _comparison(request)
    data = asked.data
    context = {"asked": asked, "data": data, "table_id": TABLE_ID}
    if data is not None:
        form = ComparisonFilterForm(
            initial=asked.values(), cohorts=asked.cohorts, versions=asked.versions
        )
        form.set_clusters(data.clusters)
        headers = _sort_headers(asked)
        shown = ["cohort", "occasion", "base"]
        shown += ["cluster"] if data.cohort and data.clusters else []
        shown += ["kind", "readiness"] + (["version"] if len(asked.versions) > 1 else [])
        context |= {
            "form": form,
            "filter_fields": [form[name] for name in shown],
            "headers": headers,
            "item_headers": [headers[f"item_{item.number}"] for item in data.data.items],
            "page_query": asked.query(),
            "clear_query": asked.query(cluster="", kind="", readiness="", q=""),
            "other_cluster_query": asked.query(
                cohort=asked.other_cluster.cohort_id, cluster=asked.other_cluster.pk
            )
            if asked.other_cluster
            else "",
            "filtered": any(
                (
                    asked.filters["cluster"],
                    asked.filters["kind"],
                    asked.filters["readiness_filter"],
                    asked.filters["query"],
                )
            ),
        }
    return render(request, "checklists/comparison.html", context)


@login_required
def comparison_export(request):
    asked = _comparison(request)
    if asked.data is None:
        raise Http404
    sheet = comparison_sheet(asked.data)
    response = HttpResponse(build_comparison_xlsx(sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="jamforelse-{asked.data.occasion.lower()}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def comparison_report(request):
    """The comparison of one cohort, with the filters of the page, as PDF. The cohort must be
    named in the request: a document is built from what was asked for, not from a default."""
    asked = _comparison(request)
    filters = asked.filters
    if asked.data is None or asked.data.cohort is None or not request.GET.get("cohort"):
        raise Http404
    generated = generated_file_request(
        kind="comparison_report",
        parameters={
            "cohort": asked.data.cohort.pk,
            "cluster": filters["cluster"].pk if filters["cluster"] else None,
            "kind": filters["kind"],
            "readiness": filters["readiness_filter"],
            "q": filters["query"],
            "occasion": asked.data.occasion,
            "base": asked.data.base,
            "version": filters["version"].pk if filters["version"] else None,
            "drafts": filters["include_drafts"],
            "sort": filters["sort"],
            "descending": filters["descending"],
        },
        by=request.user,
    )
    return redirect("generated_file_detail", pk=generated.pk)
