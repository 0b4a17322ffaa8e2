"""A compensation in a document's words: the options offered, the one the customer chose,
and what was given (the letter and the case file say them alike)."""

from __future__ import annotations

from core.views import CompensationView
from core.words.catalogue import translator
from core.words.vocab import word


def option_text(kind: str, amount: int | None, lang: str) -> str:
    """환불 300,000원; 수리 (an option with no amount, or none recorded)."""
    text = word("comp", kind, lang)
    if amount:
        text += " " + translator(lang).tr("{amount}원", amount=f"{amount:,}")
    return text


def options_text(comp: CompensationView, lang: str) -> str:
    """Every option given to the customer: 환불 300,000원 / 수리."""
    options = comp.options or ((comp.kind, comp.amount),)
    return " / ".join(option_text(kind, amount, lang) for kind, amount in options)


def chosen_text(comp: CompensationView, lang: str) -> str:
    """What the customer chose, at its amount; the proposal itself before any choice."""
    if comp.customer_choice:
        amount = comp.chosen_amount
        if amount is None and comp.customer_choice == comp.kind:
            amount = comp.amount
        return option_text(comp.customer_choice, amount, lang)
    return option_text(comp.kind, comp.amount, lang)
