from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Cluster, Cohort, Organisation, User
from portal.occasions import Occasion

from . import comparison_widgets
from .comparison import PREVIOUS, READINESS_FILTERS
from .excel import MAX_COMMENT_LENGTH
from .models import ChecklistVersion
from .selectors import AssessmentPage

ALL_COHORTS = "all"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssessmentForm(forms.Form):
    """Who took part, and per item a score, a comment and the revision the page was loaded
    with. Scores and comments keep their loaded values in hidden fields, so only what this
    person changed counts as a change."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The assessment is done jointly: politician, manager and strategist together."),
    )
    other_participants = forms.CharField(
        label=_("Others who took part"),
        required=False,
        max_length=500,
        help_text=_("Names and roles of people without an account here."),
    )
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args, page: AssessmentPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["participants"].queryset = User.objects.filter(
            pk__in=[user.pk for user in page.team]
        ).order_by("full_name", "email")
        self.fields["participants"].initial = [user.pk for user in page.participants]
        if page.assessment is not None:
            self.fields["other_participants"].initial = page.assessment.other_participants
            self.fields["assessed_on"].initial = page.assessment.assessed_on
        choices = [("", _("Not scored yet"))] + [
            (str(value), f"{value} – {label}") for value, label in page.data.scale.levels
        ]
        for row in page.rows:
            number = row.item.number
            self.fields[f"score_{number}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                show_hidden_initial=True,
                initial=str(row.current.score) if row.current.score is not None else "",
            )
            self.fields[f"comment_{number}"] = forms.CharField(
                label=_("Comment on item %(number)s") % {"number": number},
                required=False,
                max_length=MAX_COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                show_hidden_initial=True,
                initial=row.current.comment,
            )
            self.fields[f"revision_{number}"] = forms.IntegerField(
                min_value=0, widget=forms.HiddenInput, initial=row.current.revision
            )

    def item_fields(self, number: int):
        return self[f"score_{number}"], self[f"comment_{number}"], self[f"revision_{number}"]

    def changed_items(self) -> list[int]:
        changed = set(self.changed_data)
        return [
            row.item.number
            for row in self.page.rows
            if {f"score_{row.item.number}", f"comment_{row.item.number}"} & changed
        ]

    def details_changed(self) -> bool:
        return bool({"participants", "other_participants", "assessed_on"} & set(self.changed_data))


class ItemSaveForm(forms.Form):
    """One item saved as you go (the JSON endpoint)."""

    score = forms.IntegerField(required=False)
    comment = forms.CharField(required=False, max_length=MAX_COMMENT_LENGTH)
    revision = forms.IntegerField(min_value=0)


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook"),
        help_text=_("The Excel workbook (.xlsx) you downloaded here, filled in."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": _("Choose a workbook to upload."),
            "empty": _("The file is empty."),
        },
        allow_empty_file=True,  # the workbook reader explains an empty file like any other
    )


class ComparisonFilterForm(forms.Form):
    """The comparison's filters, read from the query string. The cohort is a round's id or
    "all"; without one the page shows the current round. Clusters are listed for the chosen
    round only, in natural order; the sort and its direction come from the table's header."""

    cohort = forms.ChoiceField(label=_("Cohort"), required=False, widget=comparison_widgets.Select)
    occasion = forms.ChoiceField(
        label=_("Occasion"),
        choices=Occasion.choices,
        required=False,
        widget=comparison_widgets.Select,
    )
    base = forms.ChoiceField(
        label=_("Movement since"),
        required=False,
        widget=comparison_widgets.Select,
        choices=[("", _("No comparison"))] + list(Occasion.choices),
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"),
        queryset=None,
        required=False,
        empty_label=_("All clusters"),
        widget=comparison_widgets.Select,
    )
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        widget=comparison_widgets.Select,
        choices=[("", _("Municipalities and regions"))] + list(Organisation.Kind.choices),
    )
    readiness = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=comparison_widgets.Select,
        choices=[("", _("Any status"))]
        + [(value, label) for value, (label, _keep) in READINESS_FILTERS.items()],
    )
    q = forms.CharField(
        label=_("Search for an organisation"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                # The box stands by the table, outside the filter form, but submits with it.
                "form": "comparison-filters",
                "data-table-filter": "comparison-table",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    version = forms.ModelChoiceField(
        label=_("Checklist version"),
        queryset=None,
        required=False,
        empty_label=None,
        widget=comparison_widgets.Select,
    )
    drafts = forms.BooleanField(label=_("Include drafts"), required=False)
    sort = forms.RegexField(
        label=_("Sort by"),
        regex=r"^(name|cluster|total|movement|readiness|item_\d{1,3})$",
        required=False,
        widget=forms.HiddenInput,
    )
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("asc", "asc"), ("desc", "desc")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, cohorts: list[Cohort], versions: list[ChecklistVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = ChecklistVersion.objects.filter(
            pk__in=[version.pk for version in versions]
        )
        self.fields["version"].widget.choices = [(v.pk, v.name) for v in versions]
        self.cohorts = {str(cohort.pk): cohort for cohort in cohorts}
        self.fields["cohort"].choices = [(str(cohort.pk), cohort.name) for cohort in cohorts] + [
            (ALL_COHORTS, _("All cohorts"))
        ]
        self.fields["cluster"].queryset = Cluster.objects.filter(
            cohort__in=[cohort.pk for cohort in cohorts]
        ).select_related("cohort")

    def filters(self, *, current: Cohort | None) -> dict:
        """The filters, valid fields only (an invalid one falls back to its default); without a
        cohort the current round, or the round of the cluster asked for. A cluster of another
        round is not applied: it comes back as `other_cluster` for the page to explain."""
        data = self.cleaned_data if self.is_bound else {}
        cluster = data.get("cluster")
        chosen = data.get("cohort") or ""
        if chosen == ALL_COHORTS:
            cohort = None
        elif chosen:
            cohort = self.cohorts[chosen]
        else:
            cohort = cluster.cohort if cluster is not None else current
        other_cluster = None
        if cluster is not None and (cohort is None or cluster.cohort_id != cohort.pk):
            cluster, other_cluster = None, cluster
        # No base asked for: the occasion before; an empty one: no comparison.
        base = (data.get("base") or None) if "base" in self.data else PREVIOUS
        return {
            "cohort": cohort,
            "cluster": cluster,
            "other_cluster": other_cluster,
            "kind": data.get("kind") or "",
            "readiness_filter": data.get("readiness") or "",
            "query": (data.get("q") or "").strip(),
            "occasion": data.get("occasion") or None,
            "base": base,
            "version": data.get("version"),
            "include_drafts": bool(data.get("drafts")),
            "sort": data.get("sort") or "name",
            "descending": data.get("order") == "desc",
        }

    def set_clusters(self, clusters: list[Cluster]) -> None:
        """The clusters to choose from: those of the shown round, in natural order."""
        self.fields["cluster"].widget.choices = [("", _("All clusters"))] + [
            (cluster.pk, cluster.name) for cluster in clusters
        ]
