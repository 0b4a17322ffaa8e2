"""The procedure's vocabularies: one table per vocabulary, code -> Korean word (marked for
the catalogue). The windows' combo boxes, the printed documents, the register export and the
error messages all name a code through these tables, so a word is translated once.
"""

from __future__ import annotations

from core.words.catalogue import N_, NC_, translator

CHANNELS = {
    "visit": N_("방문"),
    "phone": N_("전화"),
    "letter": N_("서신"),
    "email": N_("이메일"),
    "online": N_("온라인"),
    "fax": N_("팩스"),
    "referral": N_("이관·소개"),
}
NATURES = {
    "unclassified": N_("미분류"),
    "effective": N_("유효 불만"),
    "help_seeking": N_("의사소통형 · 도움 요청"),
    "consultation": N_("의사소통형 · 상담"),
    "venting": N_("의사소통형 · 발설"),
    "support": N_("처리 지원"),
    "invalid": N_("무효 불만"),
}
SEVERITIES = {"normal": N_("보통"), "important": N_("중요")}
STATUSES = {
    "received": NC_("status", "접수"),
    "acknowledged": NC_("status", "접수확인"),
    "in_progress": NC_("status", "처리중"),
    "waiting": NC_("status", "고객 회신 대기"),
    "resolved": NC_("status", "처리완료"),
    "closed": NC_("status", "종결"),
}
# How a closed case was closed (a state, not the button that closes it).
CLOSURES = {
    "completed": NC_("closure", "정상 종결"),
    "invalid": NC_("closure", "무효 종결"),
    "withdrawn": NC_("closure", "철회 종결"),
}
ACTION_KINDS = {
    "investigation": N_("조사"),
    "reproduction": N_("문제 재현"),
    "fix": N_("수리·조치"),
    "specialist": N_("전문가 협의"),
    "escalation": N_("상급 보고"),
    "note": N_("메모"),
}
DIRECTIONS = {"inbound": N_("고객 → 사무소"), "outbound": N_("사무소 → 고객")}
CONTACT_PURPOSES = {
    "acknowledge": N_("접수 확인"),
    "progress": N_("진행 안내"),
    "result": N_("결과 통지"),
    "follow_up": N_("사후 확인"),
    "other": N_("기타"),
}
COMPENSATION_KINDS = {
    "refund": N_("환불"),
    "exchange": N_("교환"),
    "repair": N_("수리"),
    "service_credit": N_("서비스 크레딧"),
    "additional_service": N_("추가 서비스"),
    "apology": N_("사과"),
    "other": N_("기타"),
}
COMPENSATION_STATUSES = {
    "pending_approval": N_("승인 대기"),
    "offered": N_("제안됨"),
    "accepted": N_("수락"),
    "declined": N_("거절"),
    "delivered": N_("지급·이행 완료"),
    "rejected": N_("승인 거부"),
    # Not a status: the timeline's line for a supervisor's approval, whatever came after.
    "approved": NC_("compensation", "승인"),
}
FOLLOW_UP_STATUSES = {
    "due": NC_("follow-up", "예정"),
    "done": NC_("follow-up", "완료"),
    "waived": NC_("follow-up", "면제"),
    "cancelled": NC_("follow-up", "취소"),
}
# 개선 조치: where an improvement stands, and whether it removes a cause or prevents one.
IMPROVEMENT_STATUSES = {
    "open": NC_("improvement", "계획"),
    "in_progress": NC_("improvement", "진행"),
    "done": NC_("improvement", "완료"),
    "verified": NC_("improvement", "효과 확인"),
    "dropped": NC_("improvement", "중단"),
}
IMPROVEMENT_KINDS = {
    "corrective": N_("시정 조치"),
    "preventive": N_("예방 조치"),
}
ROLES = {
    "clerk": N_("접수 담당"),
    "handler": N_("처리 담당"),
    "supervisor": N_("관리자"),
    "admin": N_("시스템 관리자"),
    "system": N_("명령줄"),  # the command line acts as the office's system user
}
STYLES = {
    "unknown": N_("모름"),
    "rational": N_("이성형 (결과 중시)"),
    "emotional": N_("감성형 (과정·존중 중시)"),
}
MOTIVES = {
    "unknown": N_("모름"),
    "venting": N_("감정 해소"),
    "respect": N_("존중"),
    "remedy": N_("보상·해결"),
}
DUE_KINDS = {
    "ack": N_("접수 확인"),
    "resolve": N_("처리"),
    "progress": N_("진행 안내"),
    "callback": N_("약속 회신"),
    "followup": N_("재방문"),
    "waiting": N_("고객 회신 예정"),
}
QUEUE_NAMES = {
    "awaiting_ack": N_("접수 확인 대기"),
    "overdue": N_("기한 경과"),
    "due_today": N_("오늘 마감"),
    "callbacks": N_("약속한 회신"),
    "follow_ups": N_("재방문 예정"),
    "pending_approval": N_("보상 승인 대기"),
    "waiting": N_("고객 회신 대기"),
    "low_satisfaction": N_("만족도 낮음"),
    "mine": N_("내 담당"),
}
# The four record rules (and no compensation left awaiting approval) that closing checks.
RULES = {
    "recorded": N_("모든 기록 — 접수 내용 완비"),
    "handled": N_("모든 처리 — 처리 과정 기록"),
    "result": N_("모든 결과 — 결과 기록 및 통지"),
    "followed_up": N_("모든 재방문 — 사후 확인 완료 또는 면제"),
    "pending_approval": N_("승인 대기 보상 없음"),
    "compensation_settled": N_("보상 마무리 — 지급·이행 또는 고객 거절"),
}
# What a line of a case's timeline is.
TIMELINE_KINDS = {
    "status": NC_("timeline", "상태 변경"),
    "action": NC_("timeline", "처리"),
    "contact": NC_("timeline", "연락"),
    "compensation": NC_("timeline", "보상"),
    "resolution": NC_("timeline", "결과 통지"),
    "follow_up": NC_("timeline", "재방문"),
}
# Why personal data was opened (the access records) and what the monthly review flags.
ACCESS_PURPOSES = {
    "view": NC_("access", "열람"),
    "print": NC_("access", "출력"),
    "lookup": NC_("access", "조회"),
    "export": NC_("access", "내보내기"),
    "backup": NC_("access", "백업"),
    "list": NC_("access", "목록 조회"),
}
# What a backup file is, by the label in its name (core.store.backup.file_name).
BACKUP_KINDS = {
    "": N_("자동"),
    "manual": N_("수동"),
    "before-restore": N_("복원 전 안전 사본"),
    "before-upgrade": N_("업그레이드 전"),
}


def backup_kind(label: str) -> str:
    """The key of ``BACKUP_KINDS`` for a file's label ("before-upgrade-0011" is one kind)."""
    return "before-upgrade" if label.startswith("before-upgrade") else label


ACCESS_FLAGS = {
    "volume": N_("열람량 과다"),
    "outside_own": N_("담당 외 열람 과다"),
    "export": N_("대장 내보내기"),
    "backup": N_("전체 백업"),
}

TABLES: dict[str, dict[str, str]] = {
    "channel": CHANNELS,
    "nature": NATURES,
    "severity": SEVERITIES,
    "status": STATUSES,
    "closure": CLOSURES,
    "action": ACTION_KINDS,
    "direction": DIRECTIONS,
    "purpose": CONTACT_PURPOSES,
    "comp": COMPENSATION_KINDS,
    "comp_status": COMPENSATION_STATUSES,
    "follow_up": FOLLOW_UP_STATUSES,
    "improvement": IMPROVEMENT_STATUSES,
    "improvement_kind": IMPROVEMENT_KINDS,
    "role": ROLES,
    "style": STYLES,
    "motive": MOTIVES,
    "due": DUE_KINDS,
    "queue": QUEUE_NAMES,
    "rule": RULES,
    "timeline": TIMELINE_KINDS,
    "access_purpose": ACCESS_PURPOSES,
    "access_flag": ACCESS_FLAGS,
}


def word(table: str, key: str | None, lang: str = "ko") -> str:
    """The word for ``key`` of a vocabulary in ``lang``; an unknown code is shown as it is."""
    if key is None:
        return ""
    found = TABLES[table].get(key)
    return translator(lang).tr(found) if found is not None else key


def words(table: str, lang: str) -> dict[str, str]:
    """A whole vocabulary in ``lang``, in its order (for a combo box or a legend)."""
    t = translator(lang)
    return {code: t.tr(text) for code, text in TABLES[table].items()}


def both(table: str) -> dict[str, tuple[str, str]]:
    """Each code's Korean and English word (what a register file may hold, read back)."""
    ko, en = translator("ko"), translator("en")
    return {code: (ko.tr(text), en.tr(text)) for code, text in TABLES[table].items()}


# Identifying numbers masked in what people write (core.procedure.identifiers).
IDENTIFIER_KINDS = {
    "rrn": N_("주민등록번호"),
    "driver_licence": N_("운전면허번호"),
    "passport": N_("여권번호"),
    "card": N_("카드번호"),
}
