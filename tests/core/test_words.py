"""The one vocabulary: a code is named by one table in both languages, a Korean word with
several English words is told apart by its context, counts take the English plural, and an
explicit language does not depend on the current one. The catalogue reads the same from its
.po and from the compiled .mo."""

from __future__ import annotations

import gettext
import io
import os
import pickle

import pytest

from core.errors import FieldProblem, IllegalTransition, RecordRulesNotMet, ValidationFailed
from core.resources import resource_path
from core.words import catalogue
from core.words.build import compile_catalogues, compile_po
from core.words.catalogue import N_, NC_, language, set_language, tr, translator, trc, trn
from core.words.labels import label
from core.words.messages import FIELDS, describe, field_name
from core.words.vocab import TABLES, both, word, words


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("ko")


def test_korean_is_the_source_and_needs_no_catalogue():
    assert language() == "ko"
    assert tr("방문") == "방문"
    assert tr("접수 완료: {case_no}", case_no="GN-1") == "접수 완료: GN-1"
    assert tr("{text} {context} {n}", text="a", context="b", n=1) == "a b 1"  # any name
    assert trn("{n}건", "{n}건", 1) == "1건" and trn("{n}건", "{n}건", 1000) == "1000건"


def test_english_through_the_current_language(english):
    assert tr("방문") == "Visit"
    assert trn("사건 {n:,}건", "사건 {n:,}건", 1) == "1 case"
    assert trn("사건 {n:,}건", "사건 {n:,}건", 12000) == "12,000 cases"


def test_one_korean_word_several_english_words(english):
    # "종결": the button that closes a case, the status of a closed case, a document's heading
    assert tr("종결") == "Close"
    assert trc("status", "종결") == "Closed"
    assert translator("en").trc("document", "종결") == "Closure"
    # a marked word carries its context to tr
    assert tr(NC_("status", "접수")) == "Received" and tr("접수") == "Intake"


def test_markers_return_the_korean_text():
    assert N_("방문") == "방문"
    marked = NC_("status", "접수")
    assert marked == "접수" and marked.context == "status"  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(marked))
    assert again == "접수" and again.context == "status"


def test_an_explicit_language_ignores_the_current_one():
    assert label("st_closed", "en") == "Closed" and label("st_closed") == "종결"
    assert word("channel", "visit", "en") == "Visit" and word("channel", "visit") == "방문"
    assert word("channel", "carrier_pigeon", "en") == "carrier_pigeon"
    assert field_name("customer.name", "en") == "customer name"
    set_language("en")
    try:
        assert label("st_closed", "ko") == "종결"
    finally:
        set_language("ko")


def test_one_table_names_a_code_for_the_windows_the_documents_and_the_register():
    for table in TABLES:
        ko, en = words(table, "ko"), words(table, "en")
        assert ko.keys() == en.keys() == TABLES[table].keys()
        assert both(table) == {code: (ko[code], en[code]) for code in ko}
    assert label("ch_referral", "en") == word("channel", "referral", "en") == "Referral"
    assert label("st_in_progress") == word("status", "in_progress") == "처리중"


def test_errors_in_both_languages():
    bad = ValidationFailed([FieldProblem("customer.name", "too_long", {"max": 100})])
    assert describe(bad) == "고객 이름: 너무 깁니다 (최대 100자)"
    assert describe(bad, "en") == "customer name: is too long (at most 100 characters)"
    step = IllegalTransition(step="close", status="received")
    assert describe(step) == "현재 상태(접수)에서는 '종결'을(를) 할 수 없습니다."
    assert describe(step, "en") == "'close' is not possible while the case is Received."
    rules = describe(RecordRulesNotMet(missing=["recorded"]), "en")
    assert rules.startswith("The case cannot be closed yet") and "Every complaint" in rules
    assert set(FIELDS) >= {"customer.name", "subject", "received_at"}


def test_the_compiled_catalogue_reads_as_the_po(tmp_path):
    po = resource_path("translations", "en.po")
    compiled = gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    assert compiled.gettext("방문") == "Visit"
    assert compiled.pgettext("status", "종결") == "Closed"
    assert compiled.ngettext("{n}건", "{n}건", 1) == "{n} case"
    assert compiled.ngettext("{n}건", "{n}건", 2) == "{n} cases"
    (mo,) = compile_catalogues(tmp_path)
    assert mo.name == "en.mo" and mo.read_bytes() == compile_po(po)


def test_a_compiled_catalogue_older_than_its_po_is_not_used(tmp_path):
    po, mo = tmp_path / "en.po", tmp_path / "en.mo"
    po.write_text("", encoding="utf-8")
    mo.write_bytes(b"")
    assert not catalogue._compiled_is_current(tmp_path / "none.mo", po)
    os.utime(mo, (1_000, 1_000))
    assert not catalogue._compiled_is_current(mo, po)
    os.utime(mo, None)
    os.utime(po, (1_000, 1_000))
    assert catalogue._compiled_is_current(mo, po)
    po.unlink()
    assert catalogue._compiled_is_current(mo, po)  # a bundle ships the .mo
