"""The key figure pages: an organisation's figures over the years, and one figure across a
cohort."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from .. import selectors as portal_selectors
from ..converters import ID_MAX, SMALLINT_MAX
from ..http import parse_optional_number
from ..shortcuts import get_visible_or_404, require
from . import selectors


@login_required
def keyfigures_organisation(request, code: str):
    """The organisation's key figures over the years: women and men side by side, and the gap."""
    organisation = get_visible_or_404(
        portal_selectors.organisations_visible_to(request.user), code=code
    )
    return render(
        request,
        "portal/keyfigures_organisation.html",
        {
            "organisation": organisation,
            "figures": selectors.organisation_key_figures(organisation),
            "last_import": selectors.last_import(),
        },
    )


@login_required
@require_GET
def keyfigures_peers(request, code: str):
    """The organisation's key figures beside its cluster's peers and the country, with the gap
    between women and men over the years. Kolada's values are public: whoever may see the
    organisation (its team, its mentors, its cohort's organisers) sees its cluster's too."""
    organisation = get_visible_or_404(
        portal_selectors.organisations_visible_to(request.user), code=code
    )
    return render(
        request,
        "portal/keyfigures_peers.html",
        {
            "organisation": organisation,
            "peers": selectors.cluster_peer_key_figures(organisation),
            "last_import": selectors.last_import(),
        },
    )


@login_required
def keyfigures_cohort(request, pk: int):
    """One KPI for one year across the cohort's organisations, with the country: the table
    first (searchable, by cluster, sortable), then a compact chart of the same values."""
    cohort = get_visible_or_404(portal_selectors.cohorts_organised_by(request.user), pk=pk)
    require(request.user, "portal.compare_key_figures", cohort)
    figures = selectors.key_figures_in_use()
    chosen = next((f for f in figures if f.kpi_id == request.GET.get("kpi")), None)
    chosen = chosen or (figures[0] if figures else None)
    comparison = None
    cluster_id = parse_optional_number(request.GET.get("cluster", ""), maximum=ID_MAX)
    if chosen is not None:
        comparison = selectors.cohort_key_figure_comparison(
            cohort=cohort,
            key_figure=chosen,
            year=parse_optional_number(request.GET.get("year", ""), maximum=SMALLINT_MAX),
            sort=request.GET.get("sort", "name"),
            descending=request.GET.get("order") == "desc",
            cluster_id=cluster_id,
            query=request.GET.get("q", ""),
        )
    columns = [
        ("name", _("Organisation")),
        ("women", _("Women")),
        ("men", _("Men")),
        ("total", pgettext_lazy("gender", "Total")),
        ("ratio", _("Ratio women/men")),
        ("difference", _("Difference women − men")),
    ]
    return render(
        request,
        "portal/keyfigures_cohort.html",
        {
            "cohort": cohort,
            "figures": figures,
            "comparison": comparison,
            "columns": columns,
            "unknown_cluster": cluster_id is not None
            and comparison is not None
            and comparison.cluster is None,
            "last_import": selectors.last_import(),
        },
    )
