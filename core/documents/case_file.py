"""사건 기록부: the whole case for supervisors — every field, the timeline, compensation and
approvals, follow-up, the record rules, and the case's audit events. Confidential."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.documents.common import (
    FONT,
    MARGIN,
    PAGE,
    a4_document,
    cell_text,
    local_when,
    numbered_canvas,
    office_line,
    styles,
    table_style,
)
from core.documents.compensation_text import chosen_text, options_text
from core.procedure.office import OfficeSettings
from core.views import CaseDetail
from core.words.catalogue import translator
from core.words.labels import label
from core.words.vocab import word

AuditRow = tuple[datetime, str, str, str]


def _changes_text(changes: str, lang: str = "ko", limit: int = 160) -> str:
    """An event's changes in a line: a free text the trail keeps as a fingerprint is shown
    by its length (the words are in the case above)."""
    try:
        data = json.loads(changes)
    except ValueError:
        return changes[:limit]
    t = translator(lang)

    def shown(value: object) -> str:
        if isinstance(value, dict) and set(value) == {"chars", "sha256"}:
            return t.trn("글 {n:,}자", "글 {n:,}자", int(value["chars"]))
        if isinstance(value, list):
            return " → ".join(shown(v) for v in value)
        return str(value)

    text = (
        ", ".join(f"{k}: {shown(v)}" for k, v in data.items())
        if isinstance(data, dict)
        else str(data)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_case_file(
    detail: CaseDetail,
    office: OfficeSettings,
    audit_events: list[AuditRow],
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    printed_by: str,
    printed_at: datetime,
) -> None:
    L = lambda k: label(k, lang)  # noqa: E731
    st = styles()
    tz = office.calendar().tz
    width = PAGE[0] - 2 * MARGIN
    d = detail

    def when(moment: datetime | None) -> str:
        return local_when(moment, tz)

    def cell(value: object, column_width: float) -> object:
        # A short one-line value is drawn as plain text; only text that must wrap becomes a
        # Paragraph, whose layout is what a long timeline's time goes into.
        text_value = "" if value is None else str(value)
        fits = stringWidth(text_value, FONT, 8.5) <= column_width - 12
        return text_value if "\n" not in text_value and fits else cell_text(value)

    def grid(rows: Sequence[Sequence[object]], widths: list[float], header: bool = True) -> Table:
        t = Table(
            [[cell(c, w) for c, w in zip(row, widths, strict=True)] for row in rows],
            colWidths=widths,
            repeatRows=1 if header else 0,
            # A complaint or a note may be longer than a page: its row goes on over the next.
            splitInRow=1,
        )
        t.setStyle(TableStyle(table_style(header=header)))
        return t

    status = label(f"st_{d.status}", lang)
    if d.closure:
        status = word("closure", d.closure, lang)
    story: list = [
        Paragraph(f"{L('case_file_title')} — {d.case_no}", st["title"]),
        Paragraph(f"{office_line(office)} · {L('status')}: {status}", st["small"]),
        Spacer(1, 3 * mm),
    ]
    c = d.customer
    fields = [
        [L("subject"), d.subject],
        [L("customer"), f"{c.name}  {c.phone}  {c.email}".strip()],
        [L("address"), c.address],
        [L("consent"), f"{when(c.consent_at)} {c.consent_purpose or ''}".strip()],
        [L("channel"), word("channel", d.channel, lang)],
        [L("received_at"), f"{when(d.received_at)} ({d.received_by_name})"],
        [L("incident_at"), when(d.incident_at)],
        [L("incident_place"), d.incident_place or ""],
        [L("staff_involved"), d.staff_involved or ""],
        [L("complaint"), d.description],
        [L("request"), d.request or ""],
        [L("expectation"), d.expectation or ""],
        [L("bottom_line"), d.bottom_line or ""],
        [L("category"), d.category.label(lang) if d.category else ""],
        [L("nature"), label(f"na_{d.nature}", lang)],
        [L("severity"), label(f"sev_{d.severity}", lang)],
        [L("assignee"), d.assignee_name or ""],
        [
            L("deadlines"),
            f"{L('ack_due')} {when(d.ack_due)} · {L('resolve_due')} {when(d.resolve_due)}",
        ],
    ]
    if d.backdate_reason:
        # A paper intake entered later carries its reason beside the date it was given.
        fields.insert(6, [L("backdate_reason"), d.backdate_reason])
    if d.resolution:
        fields += [[L("cause"), d.resolution.root_cause or ""], [L("result"), d.resolution.result]]
    if d.closure_reason:
        fields.append([L("closure"), d.closure_reason])
    story += [grid(fields, [width * 0.2, width * 0.8], header=False)]

    timeline = [[L("when"), L("kind"), L("text"), L("by")]]
    for e in d.timeline:
        if e.kind == "status":
            text = label(f"st_{e.subtype}", lang) + (f" — {e.text}" if e.text else "")
        elif e.kind == "action":
            text = f"[{word('action', e.subtype, lang)}] {e.text}"
        elif e.kind == "contact":
            direction, channel, _purpose = ([*e.subtype.split(":"), "", ""])[:3]
            how = f"{word('direction', direction, lang)} · {word('channel', channel, lang)}"
            text = f"[{how}] {e.text}"
        elif e.kind == "compensation" and e.subtype == "offer":
            kind, amount = ([*e.text.split(":"), "0"])[:2]
            text = f"{word('comp', kind, lang)} {int(amount):,}"
        elif e.kind == "compensation":
            text = word("comp_status", e.subtype, lang) + (f" — {e.text}" if e.text else "")
        elif e.kind == "follow_up":
            text = word("follow_up", e.subtype, lang) + (f" — {e.text}" if e.text else "")
        else:
            text = e.text
        timeline.append([when(e.at), label(f"tl_{e.kind}", lang), text, e.by_name])
    story += [
        Paragraph(L("timeline"), st["h2"]),
        grid(timeline, [width * 0.17, width * 0.12, width * 0.56, width * 0.15]),
    ]

    if d.compensations:
        # Each offer from the options given to what was delivered: who proposed, who
        # approved (and why, when the proposer had to), what the customer answered.
        rows = [
            [
                L("offer_options"),
                L("status"),
                L("proposed"),
                L("approval"),
                L("customer_answer"),
                L("delivery"),
            ]
        ]

        def lines(*parts: str | None) -> str:
            return "\n".join(p.strip() for p in parts if p and p.strip())

        for comp in d.compensations:
            decided = ""
            if comp.decided_at:
                decided = lines(
                    f"{comp.decided_by_name or ''} {when(comp.decided_at)}",
                    comp.decision_note,
                    f"{L('override')}: {comp.approval_override}" if comp.approval_override else "",
                )
            answer = ""
            if comp.status == "declined":
                answer = lines(
                    f"{word('comp_status', 'declined', lang)}: {comp.decline_reason or ''}",
                    f"{comp.answered_by_name or ''} {when(comp.answered_at)}",
                )
            elif comp.customer_choice:
                answer = lines(
                    chosen_text(comp, lang),
                    f"{comp.answered_by_name or ''} {when(comp.answered_at)}",
                )
            delivered = ""
            if comp.status == "delivered":
                delivered = lines(
                    f"{when(comp.settled_at)} {comp.delivered_by_name or ''}",
                    comp.delivery_ref,
                    comp.delivery_note,
                )
            rows.append(
                [
                    options_text(comp, lang),
                    word("comp_status", comp.status, lang),
                    lines(f"{comp.proposed_by_name} {when(comp.proposed_at)}", comp.note),
                    decided,
                    answer,
                    delivered,
                ]
            )
        story += [
            KeepTogether(
                [
                    Paragraph(L("compensation"), st["h2"]),
                    grid(rows, [width * f for f in (0.19, 0.1, 0.16, 0.18, 0.17, 0.2)]),
                ]
            )
        ]
    if d.follow_ups:
        rows = [[L("due"), L("status"), L("done"), L("satisfaction"), L("outcome"), L("comment")]]
        for f in d.follow_ups:
            rows.append(
                [
                    when(f.due_at),
                    word("follow_up", f.status, lang),
                    when(f.done_at),
                    "★" * (f.satisfaction or 0),
                    f.outcome or f.waived_reason or "",
                    f.comment or "",
                ]
            )
        story += [
            KeepTogether(
                [
                    Paragraph(L("follow_ups"), st["h2"]),
                    grid(
                        rows,
                        [
                            width * 0.15,
                            width * 0.1,
                            width * 0.15,
                            width * 0.12,
                            width * 0.28,
                            width * 0.2,
                        ],
                    ),
                ]
            )
        ]
    if d.improvements:
        # 개선 조치: what the office changed because of this case (and others like it).
        rows = [
            [L("imp_title"), L("kind"), L("imp_owner"), L("imp_due"), L("status"), L("imp_action")]
        ]
        for imp in d.improvements:
            rows.append(
                [
                    imp.title,
                    word("improvement_kind", imp.kind, lang),
                    imp.owner_name or "",
                    imp.due_date.isoformat() if imp.due_date else "",
                    word("improvement", imp.status, lang),
                    imp.preventive_action,
                ]
            )
        story += [
            KeepTogether(
                [
                    Paragraph(L("case_improvements"), st["h2"]),
                    grid(
                        rows,
                        [
                            width * 0.22,
                            width * 0.12,
                            width * 0.11,
                            width * 0.13,
                            width * 0.13,
                            width * 0.29,
                        ],
                    ),
                ]
            )
        ]
    r = d.record_rules
    rules = [[L("record_rules"), ""]] + [
        [L(f"rule_{key}"), L("met") if ok else L("not_met")]
        for key, ok in (
            ("recorded", r.recorded),
            ("handled", r.handled),
            ("result", r.result),
            ("followed_up", r.followed_up),
            ("no_pending_approval", r.no_pending_approval),
        )
    ]
    story += [Spacer(1, 3 * mm), KeepTogether([grid(rules, [width * 0.75, width * 0.25])])]
    audit = [[L("when"), L("actor"), L("action"), L("changes")]] + [
        [when(at), actor, action, _changes_text(changes, lang)]
        for at, actor, action, changes in audit_events
    ]
    story += [
        Paragraph(L("audit"), st["h2"]),
        grid(audit, [width * 0.17, width * 0.15, width * 0.18, width * 0.50]),
    ]
    printed = printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    doc = a4_document(out, title=f"{L('case_file_title')} {d.case_no}", author=office.office_name)
    doc.build(
        story,
        canvasmaker=numbered_canvas(
            f"{L('confidential')}{' / Confidential' if lang != 'en' else ''} · {d.case_no}",
            f"{L('printed')}: {printed_by} {printed}",
        ),
    )
