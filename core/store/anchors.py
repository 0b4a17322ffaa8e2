"""Anchors: the chains' heads written outside the database, so a rollback or a rewrite shows.

Anyone who can write the database file can delete the newest events or copy an older file
over it, and the chain still verifies from its own first event to its own head. So every
verified backup appends a line to an anchor file beside it (the app's backup folder, a USB
stick): when it was taken, which register (the hash of its first event), and the last
number and hash of the audit trail and of the access records. ``check`` compares the data
with those lines: a trail that ends before a number a backup saw was rolled back; an event
whose hash is not what a backup saw was rewritten.

A restore through the app writes a line too: the anchors before it describe data that was
replaced on purpose, and are not held against the restored data.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.models import AuditEvent, AuditHead, PiiAccess, PiiAccessHead
from core.store.audit import ChainReport
from core.views import AnchorProblem, AnchorReport
from core.views.records import PRINTED as PRINTED_SOURCE
from core.views.records import PRINTED_CHARS

FILE_NAME = "gyeongcheong-anchors.jsonl"


@dataclass(frozen=True)
class Anchor:
    """One line: the heads a verified backup saw (or, ``restored``, the data restored)."""

    taken_at: str  # local time, ISO, as in the backup's name
    register: str  # the first audit event's hash: which register
    audit: tuple[int, str]  # last event number and hash
    access: tuple[int, str]  # last access record number and hash ((0, "") for none)
    backup: str = ""  # the backup's file name
    restored: bool = False

    def line(self) -> str:
        facts: dict[str, object] = {
            "taken_at": self.taken_at,
            "register": self.register,
            "audit": list(self.audit),
            "access": list(self.access),
        }
        if self.backup:
            facts["backup"] = self.backup
        if self.restored:
            facts["restored"] = True
        return json.dumps(facts, ensure_ascii=False, sort_keys=True)


def of_chains(
    trail: ChainReport, access: ChainReport | None, taken_at: str, **more: object
) -> Anchor | None:
    """The anchor of two verified chains; None when either does not verify or the trail
    is empty (nothing to hold)."""
    if not trail.ok or not trail.checked or (access is not None and not access.ok):
        return None
    heads = (access.checked, access.last_hash) if access is not None and access.checked else (0, "")
    return Anchor(
        taken_at,
        trail.first_hash[:32],
        (trail.checked, trail.last_hash),
        heads,
        **more,  # type: ignore[arg-type]
    )


def register_of(session: Session) -> str:
    """Which register this is: its first audit event's hash, as the anchors name it."""
    first = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == 1)) or ""
    return first[:32]


def heads(session: Session) -> tuple[tuple[int, str], tuple[int, str]]:
    """The two chains' heads as recorded now: (audit number, hash), (access number, hash)."""
    audit = session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).one_or_none()
    access = session.execute(
        select(PiiAccessHead.last_id, PiiAccessHead.last_hash).where(PiiAccessHead.id == 1)
    ).one_or_none()
    return (
        (int(audit[0]), str(audit[1])) if audit else (0, ""),
        (int(access[0]), str(access[1] or "")) if access else (0, ""),
    )


def printed(register: str, audit: tuple[int, str]) -> Anchor:
    """A head read off a signed paper (``N:HASH``, the hash's first characters)."""
    return Anchor(PRINTED_SOURCE, register, audit, (0, ""))


def record(folder: Path, anchor: Anchor) -> None:
    """Append ``anchor`` to the folder's anchor file, on disk before this returns."""
    path = Path(folder) / FILE_NAME
    with open(path, "a", encoding="utf-8") as out:
        out.write(anchor.line() + "\n")
        out.flush()
        os.fsync(out.fileno())


def read(where: Path) -> tuple[list[Anchor], int]:
    """The anchors in a folder's anchor file (or in the file given), in order; and how many
    lines could not be read (a damaged line is skipped, not trusted)."""
    where = Path(where)
    path = where / FILE_NAME if where.is_dir() else where
    if not path.exists():
        return [], 0
    found: list[Anchor] = []
    bad = 0
    for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not text.strip():
            continue
        try:
            facts = json.loads(text)
            found.append(
                Anchor(
                    str(facts["taken_at"]),
                    str(facts["register"]),
                    (int(facts["audit"][0]), str(facts["audit"][1])),
                    (int(facts["access"][0]), str(facts["access"][1])),
                    str(facts.get("backup", "")),
                    bool(facts.get("restored", False)),
                )
            )
        except (ValueError, KeyError, IndexError, TypeError):
            bad += 1
    return found, bad


def check_folder(session: Session, folder: Path, *, own: bool) -> AnchorReport:
    """The data against the anchors in ``folder`` (see ``check``)."""
    found, bad = read(folder)
    return check(session, found, own=own, bad=bad)


def check(session: Session, anchors: Iterable[Anchor], *, own: bool, bad: int = 0) -> AnchorReport:
    """The data against the anchors of this register; other registers' are skipped (the
    app's folder serves every database opened on this PC; a USB stick may hold other
    offices'). In a folder given by hand (not ``own``), anchors of which none is this
    register's are a finding: the trail was rewritten from its first event, or it is the
    wrong folder."""
    register = register_of(session)
    listed = list(anchors)
    # A restore through the app replaced the data on purpose: what came before it is history.
    last_restore = max(
        (n for n, a in enumerate(listed) if a.restored and a.register == register), default=-1
    )
    mine = [a for a in listed[last_restore + 1 :] if a.register == register]
    skipped = sum(1 for a in listed if a.register != register)
    problems: list[AnchorProblem] = []
    audit_head = session.scalar(select(AuditHead.last_seq).where(AuditHead.id == 1)) or 0
    access_head = session.scalar(select(PiiAccessHead.last_id).where(PiiAccessHead.id == 1)) or 0
    for a in mine:
        for chain, (at, seen), head, column in (
            ("audit", a.audit, audit_head, AuditEvent.seq),
            ("access", a.access, access_head, PiiAccess.id),
        ):
            if not at:
                continue
            if head < at:
                problems.append(AnchorProblem(chain, "rolled_back", a.taken_at, at, head))
                continue
            hashed = column.class_.hash
            now = session.scalar(select(hashed).where(column == at))
            # A printed head holds the hash's first characters; a file's, all of it.
            if now is None or len(seen) < PRINTED_CHARS or not now.startswith(seen):
                problems.append(AnchorProblem(chain, "rewritten", a.taken_at, at, head))
    # One line for each way a chain fails: the newest anchor it fails against says most.
    worst: dict[tuple[str, str], AnchorProblem] = {}
    for p in problems:
        key = (p.chain, p.reason)
        if key not in worst or p.at > worst[key].at:
            worst[key] = p
    unmatched = bool(listed) and not own and not mine and last_restore < 0
    newest = max((a.taken_at for a in mine), default="")
    return AnchorReport(
        ok=not problems and not unmatched and not bad,
        checked=len(mine),
        skipped=skipped,
        damaged=bad,
        newest=newest,
        problems=tuple(worst.values()),
        unmatched=unmatched,
    )
