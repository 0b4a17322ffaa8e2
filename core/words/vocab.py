"""The procedure's vocabularies as printed words (the core's own copy; core never imports gui)."""

from __future__ import annotations

_CH = {
    "visit": ("방문", "Visit"),
    "phone": ("전화", "Phone"),
    "letter": ("서신", "Letter"),
    "email": ("이메일", "Email"),
    "online": ("온라인", "Online"),
    "fax": ("팩스", "Fax"),
    "referral": ("이관·소개", "Referral"),
}
_ACTION = {
    "investigation": ("조사", "Investigation"),
    "reproduction": ("문제 재현", "Reproduction"),
    "fix": ("수리·조치", "Fix"),
    "specialist": ("전문가 협의", "Specialist"),
    "escalation": ("상급 보고", "Escalation"),
    "note": ("메모", "Note"),
}
_COMP = {
    "refund": ("환불", "Refund"),
    "exchange": ("교환", "Exchange"),
    "repair": ("수리", "Repair"),
    "service_credit": ("서비스 크레딧", "Service credit"),
    "additional_service": ("추가 서비스", "Additional service"),
    "apology": ("사과", "Apology"),
    "other": ("기타", "Other"),
}
_COMP_STATUS = {
    "pending_approval": ("승인 대기", "Awaiting approval"),
    "offered": ("제안됨", "Offered"),
    "accepted": ("수락", "Accepted"),
    "declined": ("거절", "Declined"),
    "delivered": ("지급·이행 완료", "Delivered"),
    "rejected": ("승인 거부", "Refused"),
}
_FU = {
    "due": ("예정", "Due"),
    "done": ("완료", "Done"),
    "waived": ("면제", "Waived"),
    "cancelled": ("취소", "Cancelled"),
}
_DIR = {
    "inbound": ("고객 → 사무소", "Customer → office"),
    "outbound": ("사무소 → 고객", "Office → customer"),
}
_CLOSURE = {
    "completed": ("정상 종결", "Closed"),
    "invalid": ("무효 종결", "Closed as invalid"),
    "withdrawn": ("철회 종결", "Withdrawn"),
}
_TABLES = {
    "channel": _CH,
    "action": _ACTION,
    "comp": _COMP,
    "comp_status": _COMP_STATUS,
    "follow_up": _FU,
    "direction": _DIR,
    "closure": _CLOSURE,
}


def word(table: str, key: str | None, lang: str = "ko") -> str:
    if key is None:
        return ""
    ko, en = _TABLES[table].get(key, (key, key))
    return en if lang == "en" else ko
