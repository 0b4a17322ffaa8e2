"""Korean and English words for the core's error codes, field names and vocabularies.

The core raises codes (core.errors); the command line and the windows say them with
``describe(error, lang)``. Korean first.
"""

from __future__ import annotations

import contextlib

from core.errors import (
    AccountLocked,
    AuthenticationFailed,
    BackupFailed,
    DemoInterrupted,
    DeskError,
    EditConflict,
    IllegalTransition,
    MissingColumns,
    NotFound,
    PermissionDenied,
    RecordRulesNotMet,
    RetentionChanged,
    ValidationFailed,
)

FIELDS = {
    "customer.name": ("고객 이름", "customer name"),
    "customer.phone": ("연락처", "phone"),
    "customer.email": ("이메일", "email"),
    "customer.address": ("주소", "address"),
    "customer.consent": ("개인정보 수집 동의", "consent to collect personal data"),
    "customer.preferred_channel": ("선호 연락 방법", "preferred contact channel"),
    "channel": ("접수 경로", "channel"),
    "subject": ("제목", "subject"),
    "description": ("불만 내용", "description"),
    "request": ("요구사항", "request"),
    "expectation": ("기대치", "expectation"),
    "bottom_line": ("최종선", "bottom line"),
    "incident_at": ("발생 일시", "incident time"),
    "incident_place": ("발생 장소", "incident place"),
    "staff_involved": ("관련 직원", "staff involved"),
    "category": ("분류", "category"),
    "assignee": ("담당자", "assignee"),
    "nature": ("성격", "nature"),
    "severity": ("중요도", "severity"),
    "received_at": ("접수 일시", "received at"),
    "external_ref": ("외부 참조번호", "external reference"),
    "note": ("메모", "note"),
    "reason": ("사유", "reason"),
    "result": ("처리 결과", "result"),
    "told_channel": ("결과 통지 방법", "how the result was told"),
    "summary": ("내용", "summary"),
    "satisfaction": ("만족도", "satisfaction"),
    "outcome": ("결과", "outcome"),
    "amount": ("금액", "amount"),
    "kind": ("종류", "kind"),
    "password": ("비밀번호", "password"),
    "username": ("사용자 이름", "user name"),
    "admin_username": ("관리자 아이디", "admin user name"),
    "display_name": ("표시 이름", "display name"),
    "office_name": ("사무소 이름", "office name"),
    "case_prefix": ("접수번호 머리글자", "case number prefix"),
    "case_no": ("접수번호", "case number"),
    "promised_next_at": ("약속한 회신 시각", "promised callback time"),
    "style_hint": ("고객 유형", "customer style"),
    "motive_hint": ("고객 동기", "customer motive"),
    "root_cause": ("근본 원인", "root cause"),
    "customer_response": ("고객 반응", "customer's response"),
    "comment": ("의견", "comment"),
    "direction": ("연락 방향", "direction"),
    "purpose": ("연락 목적", "purpose"),
    "options_offered": ("제시한 보상 선택지", "options offered"),
    "customer_choice": ("고객이 고른 보상", "customer's choice"),
    "status": ("상태", "status"),
    "role": ("역할", "role"),
    "active": ("사용 여부", "active"),
    "title": ("제목", "title"),
    "preventive_action": ("재발 방지 조치", "preventive action"),
    "code": ("분류 코드", "category code"),
    "name_ko": ("한국어 이름", "Korean name"),
    "name_en": ("영어 이름", "English name"),
    "parent": ("상위 분류", "parent category"),
    "office_contact": ("사무소 연락처", "office contact"),
    "office_start": ("업무 시작 시각", "office opens"),
    "office_end": ("업무 종료 시각", "office closes"),
    "workdays": ("근무 요일", "working days"),
    "ack_business_hours": ("접수 확인 기한", "acknowledgement deadline"),
    "resolve_days_normal": ("처리 기한 (일반)", "resolution deadline (normal)"),
    "resolve_days_important": ("처리 기한 (중요)", "resolution deadline (important)"),
    "progress_interval_days": ("중간 연락 간격", "progress contact interval"),
    "followup_delay_days": ("재방문 시기", "follow-up delay"),
    "approval_threshold": ("보상 승인 기준 금액", "approval threshold"),
    "idle_lock_minutes": ("화면 잠금 시간", "screen lock time"),
    "retention_years": ("보존 기간", "retention period"),
    "query": ("검색어", "search words"),
    "limit": ("표시 건수", "number of results"),
    "due_date": ("기한", "due date"),
    "received_from": ("접수 기간 시작", "received from"),
    "received_to": ("접수 기간 끝", "received until"),
}

REASONS = {
    "required": ("필수 항목입니다", "is required"),
    "too_long": ("너무 깁니다 (최대 {max}자)", "is too long (at most {max} characters)"),
    "too_short": ("너무 짧습니다 (최소 {min}자)", "is too short (at least {min} characters)"),
    "unknown_value": ("알 수 없는 값입니다", "has an unknown value"),
    "bad_phone": (
        "전화번호 형식이 아닙니다 (예: 010-1234-5678)",
        "is not a phone number (e.g. 010-1234-5678)",
    ),
    "bad_email": ("이메일 형식이 아닙니다", "is not an email address"),
    "in_future": ("미래 시각은 입력할 수 없습니다", "cannot be in the future"),
    "in_past": ("이미 지난 시각입니다", "is already past"),
    "too_old": ("너무 오래된 날짜입니다", "is too far in the past"),
    "no_timezone": ("시간대가 없는 시각입니다", "has no time zone"),
    "duplicate": ("이미 있습니다", "already exists"),
    "bad_case_no": (
        "이 사무소의 접수번호 형식이 아닙니다 (예: GN-2026-000123)",
        "is not a case number of this office (e.g. GN-2026-000123)",
    ),
    "out_of_range": ("허용 범위를 벗어났습니다", "is out of range"),
    "not_a_number": ("숫자가 아닙니다", "is not a number"),
    "bad_prefix": ("영문·숫자 1~6자로 입력하세요", "must be 1-6 letters or digits"),
    "bad_username": (
        "글자·숫자와 . _ - @만 써서 공백 없이 60자 이내로 입력하세요",
        "must be at most 60 letters, digits or . _ - @, no spaces",
    ),
    "bad_characters": (
        "쓸 수 없는 문자(제어 문자, 보이지 않는 문자 등)가 들어 있습니다",
        "holds characters that cannot be used (control or invisible characters)",
    ),
    "too_far": ("너무 먼 날짜입니다", "is too far ahead"),
    "cannot_deactivate_self": (
        "자기 계정은 사용 중지할 수 없습니다",
        "cannot be switched off for your own account",
    ),
    "bad_code": (
        "공백 없이 80자 이내의 코드를 입력하세요 (예: equipment.parking)",
        "must be a code of at most 80 characters, no spaces (e.g. equipment.parking)",
    ),
    "bad_time": ("시각 형식이 아닙니다 (예: 09:00)", "is not a time (e.g. 09:00)"),
    "before_start": (
        "업무 시작 시각보다 늦어야 합니다",
        "must be later than the opening time",
    ),
    "bad_workdays": (
        "근무 요일을 하나 이상 고르세요 (월=0 … 일=6)",
        "must name at least one working day (Mon=0 … Sun=6)",
    ),
    "unknown_setting": ("알 수 없는 설정입니다", "is not a setting"),
}

STEPS = {
    "acknowledge": ("접수 확인", "acknowledge"),
    "start_handling": ("처리 시작", "start handling"),
    "record_action": ("처리 기록", "record an action"),
    "resolve": ("처리 완료", "resolve"),
    "close": ("종결", "close"),
    "close_invalid": ("무효 종결", "close as invalid"),
    "close_withdrawn": ("철회 종결", "close as withdrawn"),
    "reopen": ("재처리", "reopen"),
    "follow_up": ("재방문 기록", "record the follow-up"),
    "waive_follow_up": ("재방문 면제", "waive the follow-up"),
    "offer_compensation": ("보상 제안", "offer compensation"),
    "approve_compensation": ("보상 승인", "approve compensation"),
}

STATUSES = {
    "received": ("접수", "Received"),
    "acknowledged": ("접수확인", "Acknowledged"),
    "in_progress": ("처리중", "In progress"),
    "resolved": ("처리완료", "Resolved"),
    "closed": ("종결", "Closed"),
}

RULES = {
    "recorded": ("모든 기록: 접수 내용이 빠짐없이 기록됨", "every complaint recorded"),
    "handled": ("모든 처리: 처리 과정이 기록됨", "every handling step recorded"),
    "result": ("모든 결과: 처리 결과가 기록되고 고객에게 통지됨", "every result recorded"),
    "followed_up": (
        "모든 재방문: 사후 확인(재방문)이 완료되거나 면제됨",
        "every follow-up recorded",
    ),
    "pending_approval": ("승인 대기 중인 보상이 없음", "no compensation awaiting approval"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def field_name(field: str, lang: str = "ko") -> str:
    return _pick(FIELDS.get(field, (field, field)), lang)


def describe(error: DeskError, lang: str = "ko") -> str:
    """One sentence (or a few lines) a clerk can act on."""
    en = lang == "en"
    if isinstance(error, ValidationFailed):
        lines = []
        for p in error.problems:
            reason = _pick(REASONS.get(p.reason, (p.reason, p.reason)), lang)
            with contextlib.suppress(KeyError, IndexError):
                reason = reason.format(**p.detail)
            lines.append(f"{field_name(p.field, lang)}: {reason}")
        return "\n".join(lines)
    if isinstance(error, PermissionDenied):
        return (
            "You do not have permission for this."
            if en
            else "이 작업을 할 권한이 없습니다. 권한이 있는 담당자에게 요청하세요."
        )
    if isinstance(error, IllegalTransition):
        step = _pick(
            STEPS.get(str(error.facts.get("step")), (str(error.facts.get("step")),) * 2), lang
        )
        status = _pick(STATUSES.get(str(error.facts.get("status")), ("", "")), lang)
        if en:
            return f"'{step}' is not possible while the case is {status or 'in this state'}."
        return f"현재 상태({status or '-'})에서는 '{step}'을(를) 할 수 없습니다."
    if isinstance(error, RecordRulesNotMet):
        items = "\n".join(f"- {_pick(RULES.get(m, (m, m)), lang)}" for m in error.missing)
        return (
            f"The case cannot be closed yet:\n{items}"
            if en
            else f"아직 종결할 수 없습니다. 다음 기록 원칙을 채워 주세요:\n{items}"
        )
    if isinstance(error, EditConflict):
        return (
            "Someone else saved this case in the meantime. Your text is kept; reload to see "
            "their change."
            if en
            else "다른 사용자가 먼저 이 사건을 저장했습니다. 입력하신 내용은 그대로 있습니다. "
            "새로 고침하여 변경 내용을 확인하세요."
        )
    if isinstance(error, AccountLocked):
        return (
            "Too many failed logins: the account is locked for 15 minutes."
            if en
            else "로그인 실패가 5회를 넘어 계정이 15분간 잠겼습니다."
        )
    if isinstance(error, AuthenticationFailed):
        return "Wrong user name or password." if en else "아이디 또는 비밀번호가 올바르지 않습니다."
    if isinstance(error, NotFound):
        return "Not found." if en else "찾을 수 없습니다."
    if isinstance(error, RetentionChanged):
        if error.code == "retention_nothing":
            return (
                "There is no personal data past its retention to destroy."
                if en
                else "보존 기간이 지나 파기할 개인정보가 없습니다."
            )
        return (
            "Nothing was destroyed: the customers to destroy changed since the approval. "
            "Count again and approve anew."
            if en
            else "파기하지 않았습니다. 승인한 뒤 파기 대상이 바뀌었습니다. 다시 계산한 뒤 "
            "새로 승인하세요."
        )
    if isinstance(error, BackupFailed):
        return _backup_message(error, lang)
    if isinstance(error, DemoInterrupted):
        written = error.facts.get("written", 0)
        return (
            f"The demo stopped after {written:,} cases: another program wrote to the database "
            "meanwhile. Those cases are whole; run the demo again when nobody else writes."
            if en
            else f"데모를 {written:,}건에서 멈췄습니다. 그동안 다른 프로그램이 데이터베이스에 "
            "기록했습니다. 만든 사건은 온전합니다. 아무도 쓰지 않을 때 다시 실행하세요."
        )
    if isinstance(error, MissingColumns):
        columns = ", ".join(str(c) for c in error.facts.get("columns", []))
        return (
            f"The file lacks these columns: {columns}. Check the mapping's [columns]."
            if en
            else f"파일에 다음 열이 없습니다: {columns}. 매핑 파일의 [columns]를 확인하세요."
        )
    return f"Error: {error.code}" if en else f"오류: {error.code}"


BACKUP_REASONS = {
    "backup_folder": (
        "백업 폴더를 만들거나 쓸 수 없습니다. 다른 폴더나 USB를 고르세요.",
        "The backup folder cannot be created or written. Choose another folder or drive.",
    ),
    "backup_write": (
        "백업 파일을 쓰지 못했습니다. 저장 공간과 쓰기 권한을 확인하세요.",
        "The backup could not be written. Check the free space and write permission.",
    ),
    "backup_source_missing": (
        "백업할 데이터베이스 파일이 없습니다.",
        "The database file to back up does not exist.",
    ),
    "backup_unsupported": (
        "이 데이터베이스 종류는 백업할 수 없습니다.",
        "This kind of database cannot be backed up here.",
    ),
    "backup_not_database": (
        "선택한 파일은 데이터베이스 백업이 아닙니다.",
        "The chosen file is not a database backup.",
    ),
    "backup_not_ours": (
        "선택한 파일은 경청 백업이 아닙니다.",
        "The chosen file is not a Gyeongcheong backup.",
    ),
    "backup_corrupt": (
        "백업 파일이 손상되어 검증에 실패했습니다. 이 백업은 쓸 수 없습니다.",
        "The backup is damaged and failed its check; it cannot be used.",
    ),
    "backup_chain": (
        "백업의 감사 기록 또는 접속기록 체인이 맞지 않습니다(#{at}). 변조되었을 수 있습니다.",
        "The backup's audit or access-record chain does not verify (#{at}); it may have been "
        "tampered with.",
    ),
    "pg_dump_missing": (
        "PostgreSQL 백업에는 pg_dump와 pg_restore가 필요합니다. PostgreSQL 클라이언트 도구를 "
        "설치한 뒤 다시 시도하세요.",
        "PostgreSQL backups need pg_dump and pg_restore: install the PostgreSQL client tools "
        "and try again.",
    ),
    "pg_dump": (
        "pg_dump가 실패했습니다: {reason}",
        "pg_dump failed: {reason}",
    ),
    "restore_missing": ("복원할 백업 파일이 없습니다.", "The backup file does not exist."),
    "restore_write": (
        "복원하지 못했습니다. 현재 데이터는 바뀌지 않았거나 안전 사본으로 되돌릴 수 있습니다: "
        "{reason}",
        "The restore failed; the current data is unchanged or can be brought back from the "
        "safety copy: {reason}",
    ),
}


def _backup_message(error: DeskError, lang: str) -> str:
    fallback = ("백업 오류: {code}", "Backup error: {code}")
    text = _pick(BACKUP_REASONS.get(error.code, fallback), lang)
    with contextlib.suppress(KeyError, IndexError):
        text = text.format(code=error.code, **error.facts)
    return text
