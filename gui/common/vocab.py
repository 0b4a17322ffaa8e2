"""Names of the procedure's vocabularies, in the current language."""

from __future__ import annotations

from gui.common.i18n import tr


def channels() -> dict[str, str]:
    return {
        "visit": tr("방문"),
        "phone": tr("전화"),
        "letter": tr("서신"),
        "email": tr("이메일"),
        "online": tr("온라인"),
        "fax": tr("팩스"),
        "referral": tr("이관·소개"),
    }


def natures() -> dict[str, str]:
    return {
        "unclassified": tr("미분류"),
        "effective": tr("유효 불만"),
        "help_seeking": tr("의사소통형 · 도움 요청"),
        "consultation": tr("의사소통형 · 상담"),
        "venting": tr("의사소통형 · 발설"),
        "support": tr("처리 지원"),
        "invalid": tr("무효 불만"),
    }


def severities() -> dict[str, str]:
    return {"normal": tr("보통"), "important": tr("중요")}


def statuses() -> dict[str, str]:
    return {
        "received": tr("접수"),
        "acknowledged": tr("접수확인"),
        "in_progress": tr("처리중"),
        "resolved": tr("처리완료"),
        "closed": tr("종결"),
    }


def closures() -> dict[str, str]:
    return {"completed": tr("정상 종결"), "invalid": tr("무효 종결"), "withdrawn": tr("철회 종결")}


def action_kinds() -> dict[str, str]:
    return {
        "investigation": tr("조사"),
        "reproduction": tr("문제 재현"),
        "fix": tr("수리·조치"),
        "specialist": tr("전문가 협의"),
        "escalation": tr("상급 보고"),
        "note": tr("메모"),
    }


def directions() -> dict[str, str]:
    return {"inbound": tr("고객 → 사무소"), "outbound": tr("사무소 → 고객")}


def contact_purposes() -> dict[str, str]:
    return {
        "acknowledge": tr("접수 확인"),
        "progress": tr("진행 안내"),
        "result": tr("결과 통지"),
        "follow_up": tr("사후 확인"),
        "other": tr("기타"),
    }


def compensation_kinds() -> dict[str, str]:
    return {
        "refund": tr("환불"),
        "exchange": tr("교환"),
        "repair": tr("수리"),
        "service_credit": tr("서비스 크레딧"),
        "additional_service": tr("추가 서비스"),
        "apology": tr("사과"),
        "other": tr("기타"),
    }


def compensation_statuses() -> dict[str, str]:
    return {
        "pending_approval": tr("승인 대기"),
        "offered": tr("제안됨"),
        "accepted": tr("수락"),
        "declined": tr("거절"),
        "delivered": tr("지급·이행 완료"),
        "rejected": tr("승인 거부"),
    }


def follow_up_statuses() -> dict[str, str]:
    return {"due": tr("예정"), "done": tr("완료"), "waived": tr("면제"), "cancelled": tr("취소")}


def roles() -> dict[str, str]:
    return {
        "clerk": tr("접수 담당"),
        "handler": tr("처리 담당"),
        "supervisor": tr("관리자"),
        "admin": tr("시스템 관리자"),
    }


def styles() -> dict[str, str]:
    return {
        "unknown": tr("모름"),
        "rational": tr("이성형 (결과 중시)"),
        "emotional": tr("감성형 (과정·존중 중시)"),
    }


def motives() -> dict[str, str]:
    return {
        "unknown": tr("모름"),
        "venting": tr("감정 해소"),
        "respect": tr("존중"),
        "remedy": tr("보상·해결"),
    }


def due_kinds() -> dict[str, str]:
    return {
        "ack": tr("접수 확인"),
        "resolve": tr("처리"),
        "progress": tr("진행 안내"),
        "callback": tr("약속 회신"),
        "followup": tr("재방문"),
    }


def queue_names() -> dict[str, str]:
    return {
        "awaiting_ack": tr("접수 확인 대기"),
        "overdue": tr("기한 경과"),
        "due_today": tr("오늘 마감"),
        "callbacks": tr("약속한 회신"),
        "follow_ups": tr("재방문 예정"),
        "pending_approval": tr("보상 승인 대기"),
        "mine": tr("내 담당"),
    }


def rules() -> dict[str, str]:
    return {
        "recorded": tr("모든 기록 — 접수 내용 완비"),
        "handled": tr("모든 처리 — 처리 과정 기록"),
        "result": tr("모든 결과 — 결과 기록 및 통지"),
        "followed_up": tr("모든 재방문 — 사후 확인 완료 또는 면제"),
        "pending_approval": tr("승인 대기 보상 없음"),
    }
