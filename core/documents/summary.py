"""고객불만 요약: the monthly or annual summary as an A4 PDF, in the spirit of the seed
office's year-end summary — figures, shares, the top three, charts, and the supervisor's notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.documents.common import (
    FONT,
    MARGIN,
    PAGE,
    a4_document,
    numbered_canvas,
    para,
    styles,
    table_style,
)
from core.procedure.office import OfficeSettings
from core.views import Summary
from core.views.records import HEADS_LABEL, Head, heads_said
from core.words.catalogue import translator
from core.words.labels import label
from core.words.vocab import word

ACCENT = colors.HexColor("#2f6fb3")


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _num(x: float | None, unit: str = "") -> str:
    return "-" if x is None else f"{x:g}{unit}"


def _grid(rows: Sequence[Sequence[object]], widths: list[float], *, right_from: int = 1) -> Table:
    data = [[c if hasattr(c, "wrap") else para(c) for c in row] for row in rows]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([*table_style(), ("ALIGN", (right_from, 1), (-1, -1), "RIGHT")]))
    return t


def _bar_chart(s: Summary, lang: str) -> Drawing:
    rows = list(reversed(s.by_category[:10]))
    height = 22 + 16 * max(len(rows), 1)
    d = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 38 * mm, 8
    chart.width, chart.height = 120 * mm, height - 16
    chart.data = [[r["count"] for r in rows] or [0]]
    chart.categoryAxis.categoryNames = [r["category"] for r in rows] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    d.add(chart)
    return d


def _trend_chart(s: Summary, lang: str) -> Drawing:
    d = Drawing(170 * mm, 62 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = 150 * mm, 44 * mm
    chart.data = [[p["received"] for p in s.trend]]
    chart.categoryAxis.categoryNames = [p["period"][2:] for p in s.trend]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = ACCENT
    chart.lines[0].strokeWidth = 1.6
    d.add(chart)
    d.add(
        String(
            14 * mm,
            2,
            label("trend_caption", lang),
            fontName=FONT,
            fontSize=7,
            fillColor=colors.HexColor("#666666"),
        )
    )
    return d


def render_summary(
    s: Summary,
    office: OfficeSettings,
    out: Path | BinaryIO,
    *,
    lang: str = "ko",
    notes: dict[str, str] | None = None,
    printed_by: str = "",
    printed_at: datetime,
    heads: tuple[Head, Head] | None = None,
) -> None:
    """Write the summary PDF. ``notes``: focus issues, improvement plan, ... typed by the
    supervisor before printing, printed as they were written. ``heads``: the audit trail's
    and the access records' heads when printed, beside the line for a signature."""
    st = styles()
    L = lambda key: label(key, lang)  # noqa: E731 - a short alias reads better in the tables
    width = PAGE[0] - 2 * MARGIN
    story: list = [
        Paragraph(L("summary_title") + f" — {_period_text(s.period, lang)}", st["title"]),
        Paragraph(
            f"{para(office.office_name).text} · {L('printed')}: "
            f"{printed_at.astimezone(office.calendar().tz):%Y-%m-%d %H:%M}",
            st["small"],
        ),
        Spacer(1, 4 * mm),
    ]
    n = s.by_nature
    overview = [
        [L("item"), L("value")],
        [L("received"), f"{s.received:,}"],
        [
            L("effective"),
            f"{n['effective']:,} ({_pct(n['effective'] / s.received if s.received else 0)})",
        ],
        [
            L("communication")
            + " — "
            + ", ".join(f"{L(k)} {v:,}" for k, v in s.communication_kinds.items()),
            f"{n['communication']:,} ({_pct(_ratio(n['communication'], s.received))})",
        ],
        [L("support"), f"{n['support']:,}"],
        [L("invalid"), f"{n['invalid']:,}"],
        [L("unclassified"), f"{s.unclassified:,}"],
        [L("ack_rule_rate"), _pct(s.ack_within_rule_rate)],
        [L("ack_clock_rate"), _pct(s.ack_within_24_clock_hours_rate)],
        [L("resolution_days"), f"{_num(s.resolution_days_median)} / {_num(s.resolution_days_p90)}"],
        [L("overdue"), f"{s.overdue:,}"],
        [L("open_at_end"), f"{s.open_at_end:,}"],
        [L("repeat"), f"{s.repeat_complainants:,}"],
        [L("closed_invalid_withdrawn"), f"{s.closed_invalid:,} / {s.closed_withdrawn:,}"],
        [L("waiting"), f"{s.waited_for_customer:,} ({s.waiting_now:,})"],
        [
            L("improvements"),
            f"{s.improvements_opened:,} / {s.improvements_closed:,} / {s.improvements_verified:,}",
        ],
    ]
    story += [Paragraph(L("overview"), st["h2"]), _grid(overview, [width * 0.7, width * 0.3])]

    cat_rows = [[L("category"), L("parent"), L("count"), L("share")]]
    for r in s.by_category:
        cat_rows.append([r["category"], r["parent"] or "", f"{r['count']:,}", _pct(r["share"])])
    top3 = ", ".join(r["category"] for r in s.by_category[:3])
    story += [
        Paragraph(L("by_category"), st["h2"]),
        _grid(cat_rows, [width * 0.4, width * 0.3, width * 0.15, width * 0.15], right_from=2),
        Spacer(1, 2 * mm),
        Paragraph(L("top3").format(names=para(top3).text, share=_pct(s.top3_share)), st["base"]),
        KeepTogether([Spacer(1, 2 * mm), _bar_chart(s, lang)]),
    ]

    ch_rows = [[L("channel"), L("count"), L("share")]] + [
        [label(f"ch_{k}", lang), f"{v:,}", _pct(v / s.received if s.received else 0)]
        for k, v in sorted(s.by_channel.items(), key=lambda kv: -kv[1])
    ]
    outcomes = ("offered", "accepted", "delivered", "declined")
    comp_rows = [[L("compensation_kind")] + [L(f"outcome_{o}") for o in outcomes]] + [
        [label(f"comp_{k}", lang)] + [f"{v[o]['count']:,} / {v[o]['amount']:,}" for o in outcomes]
        for k, v in sorted(
            s.compensation_outcomes.items(), key=lambda kv: -kv[1]["offered"]["amount"]
        )
    ]
    comp_table: list = [
        Paragraph(L("compensation"), st["h2"]),
        _grid(comp_rows, [width * 0.2] + [width * 0.2] * 4)
        if s.compensation_outcomes
        else Paragraph(L("no_compensation"), st["base"]),
        Paragraph(L("comp_caption"), st["small"]),
    ]
    dist = s.satisfaction_distribution
    sat_rows = [[L("score"), L("count")]] + [
        [f"{'★' * int(k)}", f"{dist[k]:,}"] for k in ("5", "4", "3", "2", "1")
    ]
    sat_counts = L("sat_counts").format(
        answered=f"{s.satisfaction_answered:,}",
        no_answer=f"{s.satisfaction_no_answer:,}",
        score=s.winback_score,
        low=f"{s.low_satisfaction:,}",
    )
    story += [
        KeepTogether(
            [
                Paragraph(L("by_channel"), st["h2"]),
                _grid(ch_rows, [width * 0.5, width * 0.25, width * 0.25]),
            ]
        ),
        KeepTogether(comp_table),
        KeepTogether(
            [
                Paragraph(
                    "5. " + L("satisfaction") + f" — {L('mean')} {_num(s.satisfaction_mean)}",
                    st["h2"],
                ),
                _grid(sat_rows, [width * 0.5, width * 0.5]),
                Spacer(1, 1 * mm),
                Paragraph(para(sat_counts).text, st["base"]),
            ]
        ),
    ]
    staff_rows = [
        [L("staff"), L("received"), L("assigned"), L("resolved"), L("on_time"), L("satisfaction")]
    ]
    for p in s.staff:
        staff_rows.append(
            [
                p.name,
                f"{p.received:,}",
                f"{p.assigned:,}",
                f"{p.resolved:,}",
                f"{p.on_time:,}",
                _num(p.satisfaction_mean),
            ]
        )
    story += [
        KeepTogether(
            [
                Paragraph(L("by_staff"), st["h2"]),
                _grid(staff_rows, [width * 0.3] + [width * 0.14] * 5),
            ]
        ),
        *_improvement_section(s, lang, width),
        KeepTogether([Paragraph(L("trend"), st["h2"]), _trend_chart(s, lang)]),
        Paragraph(L("notes"), st["h2"]),
    ]
    for key in ("focus", "records", "training", "problems", "plan"):
        text = (notes or {}).get(key, "").strip()
        story += [
            Paragraph(f"<b>{L('note_' + key)}</b>", st["base"]),
            para(text or "—", "base"),
            Spacer(1, 2 * mm),
        ]

    if heads is not None:
        signed = Table(
            [
                [para(translator(lang).tr(HEADS_LABEL)), para(heads_said(*heads, lang))],
                [para(L("signed_by")), ""],
            ],
            colWidths=[width * 0.28, width * 0.72],
            rowHeights=[None, 14 * mm],
        )
        signed.setStyle(
            TableStyle(
                [*table_style(header=False), ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]
            )
        )
        story += [Spacer(1, 4 * mm), KeepTogether([signed])]
    doc = a4_document(out, title=L("summary_title") + f" {s.period}", author=office.office_name)
    canvas = numbered_canvas(
        f"{office.office_name} · {L('summary_title')} {s.period}",
        f"{L('printed_by')}: {printed_by}" if printed_by else "",
    )
    doc.build(story, canvasmaker=canvas)


def _improvement_section(s: Summary, lang: str, width: float) -> list:
    """7. 개선 조치: each one opened, completed or verified in the period, with its cases."""
    st = styles()
    L = lambda key: label(key, lang)  # noqa: E731
    head = Paragraph(L("improvement_list"), st["h2"])
    if not s.improvements:
        return [head, Paragraph(L("no_improvements"), st["base"])]
    rows: list[list[object]] = [
        [L("subject"), L("kind"), L("status"), L("owner"), L("in_period"), L("linked_cases")]
    ]
    for imp in s.improvements:
        when = " · ".join(
            f"{L(key)} {imp[key][5:]}"
            for key in ("opened", "completed", "verified")
            if imp.get(key)
        )
        rows.append(
            [
                imp["title"],
                word("improvement_kind", imp["kind"], lang),
                word("improvement", imp["status"], lang),
                imp["owner"] or "",
                when,
                f"{imp['cases']:,}",
            ]
        )
    widths = [0.3, 0.12, 0.1, 0.12, 0.26, 0.1]
    return [head, _grid(rows, [width * w for w in widths], right_from=5)]


def _period_text(period: str, lang: str) -> str:
    if "-" in period:
        y, m = period.split("-")
        # Translators: the period of a monthly summary (month is a number, 1-12).
        return translator(lang).tr("{year}년 {month}월", year=y, month=int(m))
    return translator(lang).tr("{year}년", year=period)
