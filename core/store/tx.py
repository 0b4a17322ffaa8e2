"""The transaction a service runs in: session, actor, clock, settings, and what it wrote.

Audit events and personal-data access records are queued while the service works and chained
just before commit, with the search entries of every case the transaction touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy.orm import Session

from core.actor import Actor
from core.procedure.office import OfficeSettings
from core.store import access_log, audit, bindings, search
from core.store.settings import load_settings


@dataclass
class Tx:
    """What a service sees: the session, who acts, what time it is, the office's settings."""

    session: Session
    actor: Actor
    now: datetime
    _settings: OfficeSettings | None = None
    _events: list[audit.PendingEvent] = field(default_factory=list)
    # For each queued event, the rows it wrote besides the ones it names (core.store.bindings).
    _binds: list[tuple[bindings.Key, ...]] = field(default_factory=list)
    _accesses: list[access_log.Access] = field(default_factory=list)
    # Cases whose search entries were already written in this transaction (the bulk path).
    indexed: set[int] = field(default_factory=set)
    # Every case this transaction changed, as far as its flushes have seen (see flush_audit).
    touched: set[int] = field(default_factory=set)

    @property
    def settings(self) -> OfficeSettings:
        if self._settings is None:
            self._settings = load_settings(self.session)
        return self._settings

    def forget_settings(self) -> None:
        self._settings = None

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        case_id: int | None = None,
        changes: dict[str, Any] | None = None,
        binds: Iterable[bindings.Key] = (),
    ) -> None:
        """Queue an audit event; they are chained just before commit (core.store.audit).
        ``binds``: rows it wrote that it does not name (the case it names, and that case's
        customer, are bound without saying)."""
        self._events.append(
            audit.PendingEvent(
                at=self.now,
                actor_id=self.actor.user_id,
                actor_name=self.actor.username,
                action=action,
                entity=entity,
                entity_id=entity_id,
                case_id=case_id,
                changes=audit.canonical_json(audit.without_free_text(changes or {})),
            )
        )
        self._binds.append(tuple(binds))

    def record_pii_access(self, customer_id: int | None, case_id: int | None, purpose: str) -> None:
        """Queue a personal-data access record; chained with the audit events at commit.
        No customer: every customer at once (a backup taken by a person)."""
        self._queue_access(customer_id, case_id, purpose)

    def _queue_access(
        self, customer_id: int | None, case_id: int | None, purpose: str, shown: str | None = None
    ) -> None:
        self._accesses.append(
            access_log.Access(
                at=self.now,
                user_id=self.actor.user_id,
                user_name=self.actor.username,
                customer_id=customer_id,
                case_id=case_id,
                purpose=purpose,
                shown=shown,
            )
        )

    def record_list_access(self, customer_ids: Iterable[int]) -> None:
        """Queue one access record for a list, queue or search that showed these customers'
        names: none when it showed nobody, or the very same names this person's last list
        of the day showed (a list is read again after every save)."""
        shown = access_log.shown_text(customer_ids)
        tz = self.settings.calendar().tz
        today = datetime.combine(self.now.astimezone(tz).date(), time(0), tz)
        if shown and not access_log.shown_already(self.session, self.actor.user_id, shown, today):
            self._queue_access(None, None, "list", shown)

    def take_accesses(self) -> list[access_log.Access]:
        """The queued access records, taken out: a read records them in a write of its own."""
        accesses, self._accesses = self._accesses, []
        return accesses

    def audit_mark(self) -> int:
        """Where the queued events stand now; see ``audit_rollback``."""
        return len(self._events)

    def audit_rollback(self, mark: int) -> None:
        """Drop the events queued since ``mark``: their savepoint was rolled back."""
        del self._events[mark:]
        del self._binds[mark:]

    def flush_audit(self) -> None:
        """Chain the queued records, re-index the cases they concern, and add those cases
        (with the ones the bulk path indexed itself) to ``touched``: what a window showing
        one of them must read again."""
        events, self._events = self._events, []
        binds, self._binds = self._binds, []
        # Every change to a case's text is audited against the case, so the audited cases
        # are the ones to re-index; a customer's new name reaches all of their cases.
        cases = {e.case_id for e in events if e.case_id is not None}
        for e in events:
            if e.action == "customer.update" and e.entity_id is not None:
                cases.update(search.cases_of_customer(self.session, e.entity_id))
        search.reindex(self.session, cases - self.indexed)
        self.touched |= cases | self.indexed
        accesses, self._accesses = self._accesses, []
        # Always the access head before the audit head, so two writers never wait on each
        # other's lock the other way round (PostgreSQL would call it a deadlock).
        access_log.append(self.session, accesses)
        audit.append(self.session, events, binds)
