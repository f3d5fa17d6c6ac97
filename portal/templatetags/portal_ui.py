"""Template helpers of the interface: numbers in the reader's language."""

from django import template

from portal.numbers import format_number, format_percent

register = template.Library()


def _decimals(decimals) -> int:
    try:
        return int(decimals)
    except (TypeError, ValueError):
        return 0


@register.filter
def number(value, decimals=0) -> str:
    """{{ value|number }} or {{ value|number:1 }}: see portal.numbers.format_number."""
    return format_number(value, _decimals(decimals))


@register.filter
def percent(value, decimals=0) -> str:
    """{{ share|percent:1 }}: the number (already in per cent) and the per cent sign as the
    reader's language writes it: "12,5 %" in Swedish, "12.5%" in English."""
    return format_percent(value, _decimals(decimals))


# Form fields in the design system's markup (templates/includes/form_field.html). Django renders
# the widget; we only add the design system's class and tie the hint and error to it.
WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "clearablefileinput": "govuk-file-upload",
    "fileinput": "govuk-file-upload",
    "checkboxinput": "govuk-checkboxes__input",
}
CHOICE_LISTS = {"radioselect": "radios", "checkboxselectmultiple": "checkboxes"}


@register.filter
def field_kind(field) -> str:
    """ "checkbox" (one box), "radios", "checkboxes" (a list of choices) or "input"."""
    name = type(field.field.widget).__name__.lower()
    if name == "checkboxinput":
        return "checkbox"
    return CHOICE_LISTS.get(name, "input")


@register.simple_tag
def field_widget(field, extra_class: str = ""):
    """The field's widget with the design system's class, aria-describedby pointing at its
    hint and error, and aria-invalid when it has an error; followed, for a field with
    show_hidden_initial, by the hidden input holding the value it had when the page was made
    (as Django's own rendering of the field does), so that only what the person changed is saved."""
    widget = field.field.widget
    name = type(widget).__name__.lower()
    css = WIDGET_CLASSES.get(name, "govuk-input")
    if field.errors:
        css += {
            "govuk-select": " govuk-select--error",
            "govuk-textarea": " govuk-textarea--error",
            "govuk-file-upload": " govuk-file-upload--error",
            "govuk-input": " govuk-input--error",
        }.get(css, "")
    existing = widget.attrs.get("class", "")
    attrs = {"class": " ".join(c for c in (css, existing, extra_class) if c)}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    html = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        html += field.as_hidden(only_initial=True)
    return html
