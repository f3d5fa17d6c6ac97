"""PLACEHOLDER: replaced by the feature's slides."""

from portal.models import Organisation

from ..models import Meeting


def section_for(meeting: Meeting, organisation: Organisation):
    return None
