"""The section "The state of the improvement work" of a BM3 meeting page: the confirmed
summaries of the organisations the viewer may read, each under id="efforts-<code>"."""

from django import template

from ..selectors.effort_summaries import confirmed_summaries_visible_to, is_summary_meeting

register = template.Library()


@register.inclusion_tag("meetings/includes/effort_summaries_section.html", takes_context=True)
def effort_summaries_section(context) -> dict:
    meeting = context["meeting"]
    if not is_summary_meeting(meeting):
        return {"show": False}
    request = context["request"]
    return {
        "show": True,
        "meeting": meeting,
        "organising": context.get("organising"),
        "groups": confirmed_summaries_visible_to(
            request.user, meeting, organising=context.get("organising")
        ),
    }
