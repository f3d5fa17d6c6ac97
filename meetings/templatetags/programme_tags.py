"""The cohort page's line about its programme: which template version the cohort copied, and,
for the programme office, whether the template has changed since and a way to apply it. The
cohort page belongs to the portal, which does not read the meetings app's models; it loads this
tag instead."""

import rules
from django import template

from ..programme import cohort_programme_status

register = template.Library()


@register.inclusion_tag("meetings/programme_cohort_status.html", takes_context=True)
def cohort_programme(context, cohort):
    user = context["request"].user
    return {
        "cohort": cohort,
        "status": cohort_programme_status(cohort),
        "may_apply": rules.has_perm("portal.administer_programme", user),
    }
