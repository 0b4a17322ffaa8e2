"""Korean texts for demo data: names, contacts and complaints as a property-management office
hears them. Pure data and small functions of a ``random.Random``: the same seed gives the
same words."""

from core.demo.content.complaints import CATEGORY_WEIGHTS, ComplaintText, complaint
from core.demo.content.handling import (
    action_note,
    contact_summary,
    customer_response,
    follow_up_comment,
    invalid_reason,
    preventive_action,
    resolution_result,
    root_cause,
    waiver_reason,
    withdrawn_reason,
)
from core.demo.content.people import (
    address,
    email_for,
    person_name,
    phone_number,
    staff_display_names,
)

__all__ = [
    "CATEGORY_WEIGHTS",
    "ComplaintText",
    "action_note",
    "address",
    "complaint",
    "contact_summary",
    "customer_response",
    "email_for",
    "follow_up_comment",
    "invalid_reason",
    "person_name",
    "phone_number",
    "preventive_action",
    "resolution_result",
    "root_cause",
    "staff_display_names",
    "waiver_reason",
    "withdrawn_reason",
]
