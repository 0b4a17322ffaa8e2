"""What the records pages show: the access review, retention candidates, destruction records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from core.words.catalogue import N_, NC_, translator
from core.words.vocab import ACCESS_PURPOSES


@dataclass(frozen=True)
class UserAccess:
    user_id: int | None
    user_name: str  # the login name recorded with each access
    display_name: str
    role: str
    accesses: int
    customers: int  # different customers whose data they saw (exports aside)
    outside_own: int  # of those, customers seen outside cases they received or handle
    by_purpose: tuple[tuple[str, int], ...]  # (view, 12), (print, 3), (list, 40), ...
    flags: tuple[str, ...]  # "volume", "outside_own", "export"
    listed: int = 0  # different customers whose names their lists, queues and searches showed

    def purposes_said(self, lang: str) -> str:
        """ "열람 12, 목록 조회 40(고객 310명)": what they opened the data for, how often."""
        t = translator(lang)
        out = []
        for purpose, n in self.by_purpose:
            said = (
                f"{t.tr(ACCESS_PURPOSES[purpose]) if purpose in ACCESS_PURPOSES else purpose} {n:,}"
            )
            if purpose == "list":
                said += t.trn("(고객 {n:,}명)", "(고객 {n:,}명)", self.listed)
            out.append(said)
        return ", ".join(out)


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    user_name: str
    purpose: str
    case_no: str | None
    customer_id: int | None


@dataclass(frozen=True)
class AccessReview:
    first_day: date
    last_day: date
    total: int
    users: tuple[UserAccess, ...]  # flagged first, then by customers seen
    details: tuple[AccessEntry, ...]  # flagged users' accesses outside their own cases
    volume_limit: int  # the thresholds this period's figures gave
    outside_limit: int
    chain_ok: bool  # the access records verify (core.store.access_log)
    chain_checked: int
    # The heads when it was made (number, hash), printed for the signature: an anchor on
    # paper (``audit-verify --printed N:HASH`` compares it later).
    audit_head: tuple[int, str] = (0, "")
    access_head: tuple[int, str] = (0, "")

    @property
    def flagged(self) -> tuple[UserAccess, ...]:
        return tuple(u for u in self.users if u.flags)


@dataclass(frozen=True)
class RetentionCandidates:
    """What a purge run now would destroy."""

    retention_years: int
    cutoff: date  # cases closed before this day (office time) are past retention
    customers: int
    cases: int
    oldest_closed: date | None
    newest_closed: date | None
    case_nos: tuple[str, ...]


@dataclass(frozen=True)
class DestructionRecord:
    """파기 확인: one purge, as the audit trail holds it. ``id`` is the audit event's number."""

    id: int
    at: datetime
    approved_by: str  # the supervisor's display name
    approved_by_username: str
    retention_years: int
    cutoff: date
    customers: int
    cases: int
    oldest_closed: date | None
    newest_closed: date | None
    case_nos: tuple[str, ...]


@dataclass(frozen=True)
class BackupLeft:
    """A backup on this computer taken before a purge: it still holds what was destroyed."""

    name: str
    taken_at: datetime  # this computer's local time, as in the file's name
    label: str  # as BackupInfo.label
    # When the rotation deletes it, if a copy is taken each day; None when it is kept until
    # someone deletes it (a copy by hand, a safety copy).
    expires: datetime | None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # local time of this computer, as in the file's name
    size: int
    cases: int
    audit_events: int  # audit events verified on the copy
    access_records: int  # access records verified on the copy
    label: str = ""  # "" for the automatic ones; "manual", "before-restore", ...
    # Where the copied data's audit trail or access records stop verifying ("audit:100");
    # "" when both are intact. Such a copy is kept (it is the data as it is) and said.
    chain_break: str = ""


@dataclass(frozen=True)
class OfficeFacts:
    """Whose data a database holds, as a restore shows it before anything is replaced."""

    office_name: str
    case_prefix: str
    cases: int
    revision: str | None  # the schema's Alembic revision; None for a database never set up


@dataclass(frozen=True)
class RestorePreview:
    """A backup beside the data it would replace."""

    backup: OfficeFacts
    current: OfficeFacts
    newer: bool  # made by a newer release: this one cannot read it
    other_office: bool  # another office's name or case-number prefix

    def said(self, lang: str) -> tuple[str, str]:
        """In ``lang``: the backup's line above the current data's, and a warning when the
        backup is another office's ("" otherwise). The window and the command line ask
        with these words."""
        t = translator(lang)

        def line(which: str, facts: OfficeFacts) -> str:
            return t.trn(
                "{which}: {office} (접수번호 {prefix}), 사건 {n:,}건",
                "{which}: {office} (접수번호 {prefix}), 사건 {n:,}건",
                facts.cases,
                which=which,
                office=facts.office_name or "?",
                prefix=facts.case_prefix or "?",
            )

        facts = "\n".join(
            (
                line(t.trc("restore", "백업"), self.backup),
                line(t.trc("restore", "현재"), self.current),
            )
        )
        warning = (
            t.tr(
                "주의: 다른 사무소의 백업입니다. 복원하면 이 사무소의 데이터가 "
                "'{office}'의 데이터로 바뀝니다.",
                office=self.backup.office_name,
            )
            if self.other_office
            else ""
        )
        return facts, warning


# What a bound row is called, and why it does not match the trail (core.store.bindings).
ROW_KINDS = {
    "case": NC_("bound row", "사건"),
    "customer": NC_("bound row", "고객"),
    "user": NC_("bound row", "사용자"),
    "category": NC_("bound row", "분류"),
    "improvement": NC_("bound row", "개선 조치"),
    "settings": NC_("bound row", "사무소 설정"),
}
ROW_REASONS = {
    "changed": N_("마지막 기록(#{seq}) 이후 기록 없이 바뀜"),
    "unrecorded": N_("기록 없이 추가됨"),
    "deleted": N_("기록 없이 삭제됨 (마지막 기록 #{seq})"),
    "reappeared": N_("삭제로 기록된 뒤 다시 나타남 (#{seq})"),
}


@dataclass(frozen=True)
class StateProblem:
    """A row that does not match the trail. ``reason``: changed (edited after its last
    event), unrecorded (no event ever wrote it), deleted (gone, though its last event
    wrote it), reappeared (there, though its last event recorded it gone)."""

    kind: str
    entity_id: int
    reason: str
    seq: int | None  # the last event that bound the row
    label: str = ""  # how a supervisor knows the row: a case number, a user name

    def said(self, lang: str) -> str:
        t = translator(lang)
        kind = t.tr(ROW_KINDS[self.kind]) if self.kind in ROW_KINDS else self.kind
        if self.kind == "settings":
            name = kind
        else:
            name = f"{kind} {self.label}" if self.label else f"{kind} #{self.entity_id}"
        reason = t.tr(ROW_REASONS.get(self.reason, self.reason), seq=self.seq or "")
        return f"{name}: {reason}"


@dataclass(frozen=True)
class StateReport:
    """The current rows checked against the audit events that wrote them."""

    ok: bool
    checked: int  # rows compared
    problems: tuple[StateProblem, ...]  # the first ones
    total: int  # how many rows do not match
    # The rows are not bound yet: an upgraded register before the app opened it, or one an
    # older release has written to since (they are bound when the app next opens it).
    unbound: bool = False

    def said(self, lang: str) -> list[str]:
        """The report in ``lang``: one line, then a line for each row found."""
        t = translator(lang)
        if self.unbound:
            return [
                t.tr(
                    "현재 데이터가 아직 감사 기록에 묶이지 않았습니다. 앱에서 데이터를 한 번 "
                    "열면 묶입니다."
                )
            ]
        if self.ok:
            return [
                t.trn(
                    "현재 데이터와 감사 기록 대조: {n:,}건 이상 없음",
                    "현재 데이터와 감사 기록 대조: {n:,}건 이상 없음",
                    self.checked,
                )
            ]
        head = t.trn(
            "현재 데이터가 감사 기록과 다름: {n:,}건 (앱을 거치지 않고 바뀐 데이터)",
            "현재 데이터가 감사 기록과 다름: {n:,}건 (앱을 거치지 않고 바뀐 데이터)",
            self.total,
        )
        lines = [head, *(f"  {p.said(lang)}" for p in self.problems)]
        if self.total > len(self.problems):
            more = self.total - len(self.problems)
            lines.append("  " + t.trn("외 {n:,}건", "외 {n:,}건", more))
        return lines


CHAINS = {"audit": N_("감사 기록"), "access": N_("개인정보 접속기록")}
# Where a head read off a signed paper comes from (``audit-verify --printed``), and how
# much of its hash is printed: enough to compare, short enough to read out.
PRINTED = "printed"
PRINTED_CHARS = 16
Head = tuple[int, str]  # a chain's last number and hash
HEADS_LABEL = N_("서명 시점의 기록 고정값")


def heads_said(audit: Head, access: Head, lang: str) -> str:
    """The two heads as a signed paper prints them, with how to compare them later."""
    return translator(lang).tr(
        N_(
            "감사 기록 #{a:,} {ah} · 접속기록 #{c:,} {ch} — 나중에 audit-verify --printed "
            "{a}:{ah} 로 대조"
        ),
        a=audit[0],
        ah=audit[1][:PRINTED_CHARS],
        c=access[0],
        ch=access[1][:PRINTED_CHARS] or "-",
    )


@dataclass(frozen=True)
class AnchorProblem:
    """The data against one anchor: ``rolled_back`` (the chain now ends at ``now``, before
    the ``at`` a backup saw), ``rewritten`` (record ``at`` is not what the backup saw)."""

    chain: str  # audit, access
    reason: str
    taken_at: str  # when the backup that saw it was taken (local, ISO)
    at: int
    now: int

    def said(self, lang: str) -> str:
        t = translator(lang)
        chain = t.tr(CHAINS.get(self.chain, self.chain))
        when = self.taken_at.replace("T", " ")[:16]
        if self.taken_at == PRINTED and self.reason == "rolled_back":
            return t.tr(
                "{chain}: 서명된 점검표에 인쇄된 #{at}까지의 기록이 지금은 #{now}까지뿐입니다 "
                "(기록이 지워졌거나 이전 파일로 되돌려졌습니다)",
                chain=chain,
                at=self.at,
                now=self.now,
            )
        if self.taken_at == PRINTED:
            return t.tr(
                "{chain}: #{at} 기록이 서명된 점검표에 인쇄된 것과 다릅니다 (그 뒤에 다시 "
                "쓰였습니다)",
                chain=chain,
                at=self.at,
            )
        if self.reason == "rolled_back":
            return t.tr(
                "{chain}: {when} 백업 때 #{at}까지 있던 기록이 지금은 #{now}까지뿐입니다 "
                "(기록이 지워졌거나 이전 파일로 되돌려졌습니다)",
                chain=chain,
                when=when,
                at=self.at,
                now=self.now,
            )
        return t.tr(
            "{chain}: #{at} 기록이 {when} 백업 때와 다릅니다 (그 뒤에 다시 쓰였습니다)",
            chain=chain,
            when=when,
            at=self.at,
        )


@dataclass(frozen=True)
class AnchorReport:
    """The data against the anchors its backups wrote (core.store.anchors)."""

    ok: bool
    checked: int  # anchors of this data compared
    skipped: int  # anchors of other data in a folder given by hand
    damaged: int  # lines that could not be read
    newest: str  # when the newest compared one was taken ("" for none)
    problems: tuple[AnchorProblem, ...]
    unmatched: bool = False  # a folder given by hand holds anchors, none of this data

    def said(self, lang: str) -> list[str]:
        t = translator(lang)
        lines: list[str] = []
        if self.unmatched:
            lines.append(
                t.trn(
                    "기록 고정값 대조: 고정값 {n:,}건이 모두 다른 데이터의 것입니다. 폴더가 "
                    "맞다면 첫 기록부터 다시 쓰인 것입니다.",
                    "기록 고정값 대조: 고정값 {n:,}건이 모두 다른 데이터의 것입니다. 폴더가 "
                    "맞다면 첫 기록부터 다시 쓰인 것입니다.",
                    self.skipped,
                )
            )
        elif not self.checked and not self.damaged:
            lines.append(t.tr("기록 고정값 대조: 고정값이 아직 없습니다 (백업을 만들면 생깁니다)"))
        elif not self.problems:
            lines.append(
                t.trn(
                    "기록 고정값 대조: 백업 {n:,}회의 고정값과 일치 (최근 {newest})",
                    "기록 고정값 대조: 백업 {n:,}회의 고정값과 일치 (최근 {newest})",
                    self.checked,
                    newest=self.newest.replace("T", " ")[:16],
                )
            )
        else:
            lines.append(t.tr("기록 고정값 대조: 백업 때 본 기록과 다릅니다"))
            lines += [f"  {p.said(lang)}" for p in self.problems]
        if self.damaged:
            lines.append(
                "  "
                + t.trn(
                    "고정값 파일의 {n:,}줄을 읽을 수 없습니다 (파일이 손상되었거나 고쳐졌습니다)",
                    "고정값 파일의 {n:,}줄을 읽을 수 없습니다 (파일이 손상되었거나 고쳐졌습니다)",
                    self.damaged,
                )
            )
        if self.skipped and not self.unmatched:
            lines.append(
                "  "
                + t.trn(
                    "다른 데이터의 고정값 {n:,}건은 건너뜀",
                    "다른 데이터의 고정값 {n:,}건은 건너뜀",
                    self.skipped,
                )
            )
        return lines


# Why a chain does not verify (core.store's chain check), in words.
CHAIN_PROBLEMS = {
    "hash_mismatch": N_("내용이 변경됨"),
    "broken_link": N_("앞 기록과의 연결이 끊김 (순서 변경)"),
    "missing_event": N_("기록이 삭제됨"),
    "head_mismatch": N_("마지막 기록 이후가 잘려 나감"),
}


@dataclass(frozen=True)
class ChainCheck:
    """One hash chain checked: the audit trail or the access records."""

    chain: str  # audit, access
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str | None = None  # a key of CHAIN_PROBLEMS

    def said(self, lang: str) -> str:
        t = translator(lang)
        if self.ok:
            if self.chain == "audit":
                return t.trn(
                    "감사 기록 무결성 확인: 이벤트 {n:,}건 이상 없음",
                    "감사 기록 무결성 확인: 이벤트 {n:,}건 이상 없음",
                    self.checked,
                )
            return t.trn(
                "개인정보 접속기록 무결성 확인: 기록 {n:,}건 이상 없음",
                "개인정보 접속기록 무결성 확인: 기록 {n:,}건 이상 없음",
                self.checked,
            )
        problem = self.reason or ""
        reason = t.tr(CHAIN_PROBLEMS[problem]) if problem in CHAIN_PROBLEMS else problem
        if self.chain == "audit":
            return t.trn(
                "감사 기록 손상: 이벤트 #{seq} — {reason} (앞선 {n:,}건은 정상)",
                "감사 기록 손상: 이벤트 #{seq} — {reason} (앞선 {n:,}건은 정상)",
                self.checked,
                seq=self.bad_seq,
                reason=reason,
            )
        return t.trn(
            "개인정보 접속기록 손상: 기록 #{seq} — {reason} (앞선 {n:,}건은 정상)",
            "개인정보 접속기록 손상: 기록 #{seq} — {reason} (앞선 {n:,}건은 정상)",
            self.checked,
            seq=self.bad_seq,
            reason=reason,
        )


@dataclass(frozen=True)
class RecordsCheck:
    """Everything that says the records hold: the two chains, the rows against the trail,
    and the trail against the anchors of each folder checked (its path, the report)."""

    audit: ChainCheck
    access: ChainCheck
    rows: StateReport
    anchors: tuple[tuple[str, AnchorReport], ...]

    @property
    def ok(self) -> bool:
        return (
            self.audit.ok
            and self.access.ok
            and self.rows.ok
            and all(report.ok for _, report in self.anchors)
        )

    def said(self, lang: str) -> list[tuple[bool, str]]:
        """The findings in ``lang``, each with whether it is as it should be."""
        out = [(self.audit.ok, self.audit.said(lang)), (self.access.ok, self.access.said(lang))]
        out.append((self.rows.ok, "\n".join(self.rows.said(lang))))
        t = translator(lang)
        for folder, report in self.anchors:
            if folder == PRINTED:
                head = t.trn(
                    "인쇄된 고정값 대조: {n:,}건 일치",
                    "인쇄된 고정값 대조: {n:,}건 일치",
                    report.checked,
                )
                if not report.ok:
                    head = t.tr("인쇄된 고정값 대조: 서명된 점검표와 다릅니다")
                lines = [head, *(f"  {p.said(lang)}" for p in report.problems)]
            else:
                lines = report.said(lang)
                lines[0] += f" — {folder}"
            out.append((report.ok, "\n".join(lines)))
        return out
