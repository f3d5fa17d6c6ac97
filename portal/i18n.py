from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """The English variant of a bilingual field when the page is in English and it is filled in;
    Swedish otherwise."""
    if (get_language() or "sv").startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_sv")
