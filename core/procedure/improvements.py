"""개선 조치: how an improvement moves from plan to a checked effect.

계획 → 진행 → 완료 → 효과 확인, with 중단 for one given up. A finished one goes back to 진행
when its effect did not come (or the cause came back); a dropped one may be planned again.
The windows offer the status buttons from this table and the service refuses the rest.
"""

from __future__ import annotations

from core.procedure.enums import ImprovementStatus as S

MOVES: dict[S, frozenset[S]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.DONE, S.DROPPED}),
    S.IN_PROGRESS: frozenset({S.OPEN, S.DONE, S.DROPPED}),
    S.DONE: frozenset({S.VERIFIED, S.IN_PROGRESS}),
    S.VERIFIED: frozenset({S.IN_PROGRESS}),
    S.DROPPED: frozenset({S.OPEN}),
}

# Statuses that end the work: closed_at is set on entering one and kept between them.
FINISHED = frozenset({S.DONE, S.VERIFIED, S.DROPPED})


def can_move(current: str, to: str) -> bool:
    """Whether an improvement in ``current`` may be set to ``to`` (codes of ImprovementStatus)."""
    try:
        return S(to) in MOVES[S(current)]
    except ValueError:
        return False
