"""How long each thing people type may be: one table for the counter, the edit, the import.

A field stored in a ``String(n)`` column may hold ``n`` characters: past that, PostgreSQL
refuses the whole statement and SQLite quietly stores the excess, so the check must come
before the database (tests/core/test_field_limits.py holds this table equal to the
columns). ``Text`` columns have no size; their limits are the product's own: long enough for
the longest real complaints (21,928 characters in the CFPB sample), short enough that a
pasted megabyte is refused rather than stored and printed.

Keys are the field names the intake and the edit report problems by (``subject``,
``customer.name``); elsewhere the form's name qualified by what it belongs to
(``action.note``).
"""

from __future__ import annotations

# Free text held in Text columns: what a customer says, what staff write down.
LONG_TEXT = 100_000  # the complaint itself
NOTE_TEXT = 20_000  # a handling note, a conversation, a result
SHORT_TEXT = 4_000  # a request, a reason, a comment

# The largest amount of money (won) a compensation may carry: the amount columns are
# INTEGER, and PostgreSQL refuses a statement past 2,147,483,647. 20억 원 is beyond any
# complaint a small office settles; the form, the door and the import all stop here.
MAX_AMOUNT = 2_000_000_000

MAX_LEN: dict[str, int] = {
    # ---- the case as received or corrected (cases, customers, case_tags)
    "subject": 200,
    "incident_place": 200,
    "staff_involved": 200,
    "external_ref": 100,
    "description": LONG_TEXT,
    "request": SHORT_TEXT,
    "expectation": SHORT_TEXT,
    "bottom_line": SHORT_TEXT,
    "customer.name": 100,
    "customer.email": 200,
    "customer.address": 500,
    "customer.consent_purpose": 500,
    "tag": 50,
    # ---- handling (actions, contacts, resolutions, follow-ups, compensations)
    "action.note": NOTE_TEXT,
    "contact.summary": NOTE_TEXT,
    "resolution.result": NOTE_TEXT,
    "resolution.root_cause": NOTE_TEXT,
    "resolution.customer_response": NOTE_TEXT,
    "step.note": SHORT_TEXT,  # acknowledging, closing
    "step.reason": SHORT_TEXT,  # invalid, withdrawn, reopened, follow-up waived
    "follow_up.outcome": SHORT_TEXT,
    "follow_up.comment": SHORT_TEXT,
    "compensation.note": SHORT_TEXT,
    "compensation.decision_note": SHORT_TEXT,
    "compensation.delivery_ref": 100,  # a refund's transaction number, a repair order
    "compensation.delivery_note": SHORT_TEXT,  # what was given: paid, repaired, sent
    "compensation.decline_reason": SHORT_TEXT,
    "compensation.approval_override": SHORT_TEXT,  # a sole supervisor deciding their own offer
    # ---- the office (users, categories, improvements, settings)
    "user.username": 60,
    "user.display_name": 100,
    "category.code": 80,
    "category.name_ko": 100,
    "category.name_en": 100,
    "improvement.title": 200,
    "improvement.root_cause": SHORT_TEXT,
    "improvement.preventive_action": SHORT_TEXT,
    "improvement.notes": NOTE_TEXT,  # what was done, checked, learned along the way
    "settings.office_name": 200,
    "settings.office_contact": 200,
    "settings.closed_day_name": 100,  # a JSON setting, not a column: the product's own limit
}
