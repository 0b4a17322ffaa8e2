"""Nothing a user can type crashes a service or loses data (hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import services as sv
from core.errors import ValidationFailed
from core.procedure.validation import clean_text
from tests.conftest import intake

hostile = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "'; DROP TABLE cases; --",
            '=HYPERLINK("http://x")',
            "\u202eevil\u202c",
            "\x00\x07",
            "층간소음\r\n두 번째 줄",
            "가" * 5000,
            "   ",
            unicodedata.normalize("NFD", "한글"),  # as macOS may hand it over
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(subject=hostile, description=hostile, name=hostile, phone=hostile)
def test_intake_never_crashes(db, staff, subject, description, name, phone):
    data = intake(
        subject=subject,
        description=description,
        customer=sv.CustomerInput(name=name, phone=phone, consent=True),
    )
    try:
        ref = sv.receive_complaint(db, staff.clerk, data)
    except ValidationFailed as err:
        assert err.problems  # a reason for the clerk, field by field
        return
    case = sv.get_case(db, staff.clerk, ref.id)
    assert case.subject == clean_text(subject)
    assert case.description == clean_text(description)
    assert "\x00" not in case.subject and "\u202e" not in case.description
