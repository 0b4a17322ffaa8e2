"""What the core's error codes say to a person, in Korean or English.

The core raises codes (core.errors); the command line and the windows say them with
``describe(error, lang)``. The words are Korean, marked for the catalogue (core.words.catalogue).
"""

from __future__ import annotations

import contextlib

from core.errors import (
    AccountLocked,
    AuthenticationFailed,
    BackupFailed,
    DatabaseMissing,
    DemoInterrupted,
    DeskError,
    EditConflict,
    IllegalTransition,
    MissingColumns,
    NotFound,
    PermissionDenied,
    RecordRulesNotMet,
    RetentionChanged,
    SelfApproval,
    ServerSetupNeeded,
    SystemFailure,
    ValidationFailed,
)
from core.words.catalogue import N_, NC_, Translator, translator
from core.words.vocab import COMPENSATION_STATUSES, RULES, STATUSES

# A field's name inside a sentence ("고객 이름: 필수 항목입니다"; lower case in English).
FIELDS = {
    "customer.name": NC_("field", "고객 이름"),
    "customer.phone": NC_("field", "연락처"),
    "customer.email": NC_("field", "이메일"),
    "customer.address": NC_("field", "주소"),
    "customer.consent": NC_("field", "개인정보 수집 동의"),
    "customer.preferred_channel": NC_("field", "선호 연락 방법"),
    "channel": NC_("field", "접수 경로"),
    "subject": NC_("field", "제목"),
    "description": NC_("field", "불만 내용"),
    "request": NC_("field", "요구사항"),
    "expectation": NC_("field", "기대치"),
    "bottom_line": NC_("field", "최종선"),
    "incident_at": NC_("field", "발생 일시"),
    "incident_place": NC_("field", "발생 장소"),
    "staff_involved": NC_("field", "관련 직원"),
    "category": NC_("field", "분류"),
    "assignee": NC_("field", "담당자"),
    "nature": NC_("field", "성격"),
    "severity": NC_("field", "중요도"),
    "received_at": NC_("field", "접수 일시"),
    "external_ref": NC_("field", "외부 참조번호"),
    "note": NC_("field", "메모"),
    "reason": NC_("field", "사유"),
    "result": NC_("field", "처리 결과"),
    "told_channel": NC_("field", "결과 통지 방법"),
    "summary": NC_("field", "내용"),
    "satisfaction": NC_("field", "만족도"),
    "outcome": NC_("field", "결과"),
    "amount": NC_("field", "금액"),
    "kind": NC_("field", "종류"),
    "password": NC_("field", "비밀번호"),
    "passphrase": NC_("field", "백업 암호"),
    "username": NC_("field", "사용자 이름"),
    "admin_username": NC_("field", "관리자 아이디"),
    "display_name": NC_("field", "표시 이름"),
    "office_name": NC_("field", "사무소 이름"),
    "case_prefix": NC_("field", "접수번호 머리글자"),
    "case_no": NC_("field", "접수번호"),
    "promised_next_at": NC_("field", "약속한 회신 시각"),
    "waiting_until": NC_("field", "회신 예정 시각"),
    "due_at": NC_("field", "재방문 예정 시각"),
    "style_hint": NC_("field", "고객 유형"),
    "motive_hint": NC_("field", "고객 동기"),
    "root_cause": NC_("field", "근본 원인"),
    "customer_response": NC_("field", "고객 반응"),
    "comment": NC_("field", "의견"),
    "direction": NC_("field", "연락 방향"),
    "purpose": NC_("field", "연락 목적"),
    "options_offered": NC_("field", "제시한 보상 선택지"),
    "customer_choice": NC_("field", "고객이 고른 보상"),
    "chosen_amount": NC_("field", "고른 보상의 금액"),
    "decline_reason": NC_("field", "거절 사유"),
    "delivery_note": NC_("field", "지급·이행 내용"),
    "delivered_at": NC_("field", "지급·이행 일시"),
    "delivery_ref": NC_("field", "참조번호"),
    "override_reason": NC_("field", "예외 승인 사유"),
    "status": NC_("field", "상태"),
    "role": NC_("field", "역할"),
    "active": NC_("field", "사용 여부"),
    "title": NC_("field", "제목"),
    "preventive_action": NC_("field", "재발 방지 조치"),
    "code": NC_("field", "분류 코드"),
    "name_ko": NC_("field", "한국어 이름"),
    "name_en": NC_("field", "영어 이름"),
    "parent": NC_("field", "상위 분류"),
    "office_contact": NC_("field", "사무소 연락처"),
    "office_start": NC_("field", "업무 시작 시각"),
    "office_end": NC_("field", "업무 종료 시각"),
    "workdays": NC_("field", "근무 요일"),
    "ack_business_hours": NC_("field", "접수 확인 기한"),
    "resolve_days_normal": NC_("field", "처리 기한 (일반)"),
    "resolve_days_important": NC_("field", "처리 기한 (중요)"),
    "progress_interval_days": NC_("field", "중간 연락 간격"),
    "followup_delay_days": NC_("field", "재방문 시기"),
    "approval_threshold": NC_("field", "보상 승인 기준 금액"),
    "idle_lock_minutes": NC_("field", "화면 잠금 시간"),
    "retention_years": NC_("field", "보존 기간"),
    "ack_rule": NC_("field", "접수 확인 기한 계산"),
    "closed_days": NC_("field", "휴무일"),
    "winback_score": NC_("field", "만족도 낮음 기준"),
    "query": NC_("field", "검색어"),
    "limit": NC_("field", "표시 건수"),
    "due_date": NC_("field", "기한"),
    "owner": NC_("field", "책임자"),
    "notes": NC_("field", "비고"),
    "cases": NC_("field", "관련 사건"),
    "received_from": NC_("field", "접수 기간 시작"),
    "received_to": NC_("field", "접수 기간 끝"),
}

# Why a field was refused; ``{max}`` and the like come from the problem's detail.
REASONS = {
    "required": N_("필수 항목입니다"),
    "too_long": N_("너무 깁니다 (최대 {max}자)"),
    "too_short": N_("너무 짧습니다 (최소 {min}자)"),
    "unknown_value": N_("알 수 없는 값입니다"),
    "bad_phone": N_("전화번호 형식이 아닙니다 (예: 010-1234-5678)"),
    "bad_email": N_("이메일 형식이 아닙니다"),
    "in_future": N_("미래 시각은 입력할 수 없습니다"),
    "in_past": N_("이미 지난 시각입니다"),
    "too_old": N_("너무 오래된 날짜입니다"),
    "no_timezone": N_("시간대가 없는 시각입니다"),
    "duplicate": N_("이미 있습니다"),
    "bad_case_no": N_("이 사무소의 접수번호 형식이 아닙니다 (예: GN-2026-000123)"),
    "out_of_range": N_("허용 범위를 벗어났습니다"),
    "not_a_number": N_("숫자가 아닙니다"),
    "bad_prefix": N_("영문·숫자 1~6자로 입력하세요"),
    "bad_username": N_("글자·숫자와 . _ - @만 써서 공백 없이 60자 이내로 입력하세요"),
    "bad_characters": N_("쓸 수 없는 문자(제어 문자, 보이지 않는 문자 등)가 들어 있습니다"),
    "too_far": N_("너무 먼 날짜입니다"),
    "bad_moment": N_("날짜·시각을 읽을 수 없습니다 (예: 1201 2300, 2300, 어제 23시, 12/1 14:30)"),
    "cannot_deactivate_self": N_("자기 계정은 사용 중지할 수 없습니다"),
    "bad_code": N_("공백 없이 80자 이내의 코드를 입력하세요 (예: equipment.parking)"),
    "bad_time": N_("시각 형식이 아닙니다 (예: 09:00)"),
    "before_start": N_("업무 시작 시각보다 늦어야 합니다"),
    "bad_workdays": N_("근무 요일을 하나 이상 고르세요 (월=0 … 일=6)"),
    "unknown_setting": N_("알 수 없는 설정입니다"),
    "bad_date": N_("날짜 형식이 아닙니다 (예: 2026-03-16)"),
    "bad_name": N_("이름을 {max}자 이내로 입력하세요"),
    "not_earlier": N_("지금 기록된 접수 일시보다 앞서야 합니다"),
    "before_incident": N_("발생 일시보다 앞설 수 없습니다"),
    "other_year": N_("접수번호의 연도({year}년) 안이어야 합니다"),
    "not_assignable": N_("처리 담당자나 관리자만 지정할 수 있습니다"),
    "no_score": N_("1~5점 중 하나를 고르세요. 고객이 답하지 않았으면 '응답 없음'을 고르세요"),
    "not_offered": N_("고객에게 제시한 선택지가 아닙니다"),
    "which_amount": N_("같은 종류를 여러 금액으로 제시했습니다. 금액도 고르세요"),
    "choose_first": N_("선택지가 여럿인 보상은 고객이 고른 보상을 먼저 기록하세요"),
    "before_offer": N_("보상을 제안한 시각보다 앞설 수 없습니다"),
    "bad_move": N_("지금 상태에서는 이 상태로 바꿀 수 없습니다"),
    "unknown_case": N_("없는 접수번호입니다: {value}"),
}

# A step of the procedure inside a sentence ("'접수 확인'을(를) 할 수 없습니다").
STEPS = {
    "edit": NC_("step", "내용 수정·분류"),
    "assign": NC_("step", "담당자 지정"),
    "log_contact": NC_("step", "고객 연락 기록"),
    "acknowledge": NC_("step", "접수 확인"),
    "start_handling": NC_("step", "처리 시작"),
    "record_action": NC_("step", "처리 기록"),
    "resolve": NC_("step", "처리 완료"),
    "close": NC_("step", "종결"),
    "close_invalid": NC_("step", "무효 종결"),
    "close_withdrawn": NC_("step", "철회 종결"),
    "withdraw": NC_("step", "철회 종결"),
    "reopen": NC_("step", "재처리"),
    "reopen_closed": NC_("step", "재처리 (종결 사건)"),
    "follow_up": NC_("step", "재방문 기록"),
    "record_follow_up": NC_("step", "재방문 기록"),
    "waive_follow_up": NC_("step", "재방문 면제"),
    "offer_compensation": NC_("step", "보상 제안"),
    "approve_compensation": NC_("step", "보상 승인"),
    "record_compensation_outcome": NC_("step", "보상 결과 기록"),
    "record_compensation_choice": NC_("step", "고객의 보상 선택 기록"),
    "decline_compensation": NC_("step", "보상 거절 기록"),
    "deliver_compensation": NC_("step", "보상 지급·이행 기록"),
    "wait_for_customer": NC_("step", "고객 회신 대기"),
    "resume": NC_("step", "처리 재개"),
    "record_win_back": NC_("step", "만족도 회복 조치"),
    "schedule_follow_up": NC_("step", "재방문 다시 예약"),
}

BACKUP_REASONS = {
    "backup_folder": N_("백업 폴더를 만들거나 쓸 수 없습니다. 다른 폴더나 USB를 고르세요."),
    "backup_write": N_("백업 파일을 쓰지 못했습니다. 저장 공간과 쓰기 권한을 확인하세요."),
    "backup_source_missing": N_("백업할 데이터베이스 파일이 없습니다."),
    "backup_unsupported": N_("이 데이터베이스 종류는 백업할 수 없습니다."),
    "backup_not_database": N_("선택한 파일은 데이터베이스 백업이 아닙니다."),
    "backup_not_ours": N_("선택한 파일은 경청 백업이 아닙니다."),
    "backup_corrupt": N_("백업 파일이 손상되어 검증에 실패했습니다. 이 백업은 쓸 수 없습니다."),
    "backup_chain": N_(
        "백업의 감사 기록 또는 접속기록 체인이 맞지 않습니다(#{at}). 변조되었을 수 있습니다."
    ),
    "pg_dump_missing": N_(
        "PostgreSQL 백업에는 pg_dump와 pg_restore가 필요합니다. PostgreSQL 클라이언트 도구를 "
        "설치한 뒤 다시 시도하세요."
    ),
    "pg_dump": N_("pg_dump가 실패했습니다: {reason}"),
    "restore_missing": N_("복원할 백업 파일이 없습니다."),
    "backup_passphrase_needed": N_(
        "백업 암호가 필요합니다: 데이터 폴더 밖으로 나가는 백업은 사무소의 백업 암호로 잠그고, "
        "잠긴 백업은 그 암호로만 열립니다. 백업 암호를 입력하세요(명령줄에서는 환경 변수 "
        "GYEONGCHEONG_BACKUP_PASSPHRASE)."
    ),
    "backup_passphrase": N_(
        "백업 암호가 맞지 않습니다. 바뀐 것은 없습니다. 사무소의 백업 암호를 다시 입력하세요."
    ),
    "sealing_missing": N_(
        "이 설치본에는 백업 암호화(SQLCipher)가 없어 암호로 잠근 백업을 만들거나 열 수 "
        "없습니다. 경청을 다시 설치하세요."
    ),
    "restore_newer": N_(
        "이 백업은 더 새 버전의 경청에서 만든 것이라 이 버전으로는 열 수 없습니다(스키마 "
        "{revision}). 경청을 최신 버전으로 업데이트한 뒤 복원하세요. 현재 데이터는 그대로입니다."
    ),
    "restore_needs_admin": N_(
        "공유 서버(PostgreSQL)의 데이터는 서버 관리자가 복원합니다: 명령줄에서 restore에 "
        "--admin으로 관리자 접속(postgres 계정)을 주어 실행하세요. 현재 데이터는 그대로입니다."
    ),
    "restore_write": N_(
        "복원하지 못했습니다. 현재 데이터는 바뀌지 않았거나 안전 사본으로 되돌릴 수 있습니다: "
        "{reason}"
    ),
}


# The computer's failures (core.errors.plain_failure): what happened, and what to do.
SYSTEM_FAILURES = {
    "db_locked": N_(
        "다른 컴퓨터나 프로그램이 데이터베이스를 쓰고 있어 30초를 기다렸지만 끝나지 않았습니다. "
        "바뀐 것은 없습니다. 잠시 뒤 다시 하세요."
    ),
    "disk_full": N_(
        "저장 공간이 가득 차서 처리하지 못했습니다. 하던 일은 모두 되돌렸습니다. 디스크 "
        "공간을 비운 뒤 다시 하세요."
    ),
    "db_readonly": N_(
        "데이터베이스에 쓸 수 없습니다(읽기 전용 매체이거나 쓰기 권한이 없습니다). 바뀐 것은 "
        "없습니다. 파일 위치와 권한을 확인하세요."
    ),
    "db_cannot_open": N_(
        "데이터베이스 파일을 열 수 없습니다. 경로와 폴더의 권한, 디스크(USB·네트워크 "
        "드라이브) 연결을 확인하세요."
    ),
    "db_corrupt": N_(
        "데이터베이스 파일이 손상되었거나 경청 데이터베이스가 아닙니다. 파일을 확인하고, "
        "필요하면 마지막 백업에서 복원하세요."
    ),
    "db_unreachable": N_(
        "데이터베이스 서버에 연결할 수 없습니다. 서버가 켜져 있는지와 네트워크를 확인한 뒤 "
        "다시 하세요."
    ),
    "db_denied": N_(
        "데이터베이스 서버가 이 접속 계정에 그 작업을 허락하지 않았습니다. 바뀐 것은 "
        "없습니다. 서버 관리자에게 setup-postgres를 다시 실행해 달라고 하세요."
    ),
    "file_missing": N_("파일을 찾을 수 없습니다: {name}. 이름과 위치를 확인하세요."),
    "file_denied": N_("파일에 접근할 권한이 없습니다: {name}. 다른 위치를 고르세요."),
    "file_unreadable": N_(
        "파일을 읽을 수 없습니다. 손상되었거나 형식이 다릅니다(.xlsx 또는 .csv인지 확인하세요)."
    ),
}

# A PostgreSQL server not arranged for the app (core.db.roles), and setup-postgres's refusals.
SERVER_SETUP = {
    "pg_owner_login": N_(
        "접속 계정 {role}은(는) 데이터베이스의 소유자이거나 슈퍼유저입니다. 이 계정의 "
        "비밀번호를 아는 사람은 기록을 지우거나 고칠 수 있어 경청은 이 계정으로 열지 "
        "않습니다. 서버 관리자가 setup-postgres로 만든 앱 계정으로 접속하세요."
    ),
    "pg_not_set_up": N_(
        "이 데이터베이스는 아직 경청용으로 준비되지 않았습니다. 서버 관리자가 "
        "main.py --db <앱 접속 주소> setup-postgres --admin <관리자 접속 주소>를 실행하세요."
    ),
    "pg_upgrade_needed": N_(
        "이 버전의 경청은 데이터베이스 구조를 새로 올려야 합니다(스키마 {current} → {head}). "
        "서버 관리자가 새 버전으로 setup-postgres를 실행한 뒤 다시 시작하세요. 데이터는 "
        "그대로입니다."
    ),
    "pg_admin_needed": N_(
        "--admin의 계정 {role}은(는) 슈퍼유저가 아닙니다. 서버의 postgres 계정처럼 역할과 "
        "데이터베이스를 만들 수 있는 슈퍼유저로 실행하세요. 바뀐 것은 없습니다."
    ),
    "pg_admin_url": N_(
        "--admin에는 PostgreSQL 관리자 접속 주소를 주세요(예: "
        "postgresql+psycopg://postgres@서버/postgres). 바뀐 것은 없습니다."
    ),
    "pg_app_url": N_(
        "--db에는 카운터 PC가 쓸 접속 주소를 계정과 데이터베이스 이름까지 주세요(예: "
        "postgresql+psycopg://desk@서버/gyeongcheong). 바뀐 것은 없습니다."
    ),
    "pg_app_password": N_(
        "앱 계정 {role}을(를) 새로 만들려면 비밀번호가 필요합니다. 환경 변수 "
        "GYEONGCHEONG_APP_PASSWORD로 주거나 터미널에서 실행해 입력하세요."
    ),
    "pg_roles_apart": N_(
        "앱 계정({role})은 관리자 계정이나 소유자 역할과 달라야 합니다. 다른 이름을 쓰세요. "
        "바뀐 것은 없습니다."
    ),
    "pg_bad_name": N_(
        "역할·데이터베이스 이름 {name}은(는) 쓸 수 없습니다. 영문 소문자, 숫자, 밑줄만 "
        "쓰세요(예: desk, gyeongcheong)."
    ),
    "pg_unknown_tables": N_(
        "데이터베이스에 이 버전이 모르는 표가 있습니다: {tables}. 더 새 버전의 경청으로 "
        "setup-postgres를 실행하세요. 권한은 바꾸지 않았습니다."
    ),
}


def chain_break_words(chain_break: str, lang: str = "ko") -> str:
    """Where a backup's chain stops verifying ("audit:100"), for the person who took it."""
    t = translator(lang)
    which, _, at = chain_break.partition(":")
    if which == "access":
        text = N_(
            "주의: 개인정보 접속기록 체인이 #{at}번부터 맞지 않습니다(기록이 바뀌었을 수 "
            "있습니다). 백업은 만들었습니다. 관리자에게 알리고 audit-verify로 확인하세요."
        )
    else:
        text = N_(
            "주의: 감사 기록 체인이 #{at}번부터 맞지 않습니다(기록이 바뀌었을 수 있습니다). "
            "백업은 만들었습니다. 관리자에게 알리고 audit-verify로 확인하세요."
        )
    return _filled(t, text, {"at": at})


def field_name(field: str, lang: str = "ko") -> str:
    found = FIELDS.get(field)
    return translator(lang).tr(found) if found is not None else field


def _filled(t: Translator, text: str, facts: dict[str, object]) -> str:
    """The text with what the error knows filled in; a missing fact leaves its placeholder."""
    out = t.tr(text)
    with contextlib.suppress(KeyError, IndexError, ValueError):
        out = out.format(**facts)
    return out


def describe(error: DeskError, lang: str = "ko") -> str:
    """One sentence (or a few lines) a clerk can act on."""
    t = translator(lang)
    if isinstance(error, ValidationFailed):
        return "\n".join(
            f"{field_name(p.field, lang)}: "
            + (_filled(t, REASONS[p.reason], p.detail) if p.reason in REASONS else p.reason)
            for p in error.problems
        )
    if isinstance(error, PermissionDenied):
        return t.tr("이 작업을 할 권한이 없습니다. 권한이 있는 담당자에게 요청하세요.")
    if isinstance(error, SelfApproval):
        if error.code == "sole_approver":
            return t.tr(
                "본인이 제안한 보상입니다. 이 사무소에는 승인할 다른 관리자나 시스템 관리자가 "
                "없으므로, 예외 승인 사유를 적으면 결정할 수 있습니다. 사유는 기록에 남습니다."
            )
        return t.tr(
            "본인이 제안한 보상은 직접 승인하거나 거부할 수 없습니다. 다른 관리자나 시스템 "
            "관리자에게 요청하세요."
        )
    if isinstance(error, IllegalTransition) and "comp_status" in error.facts:
        # A compensation's own state, not the case's: "승인 대기인 보상에는 ...".
        step_code = str(error.facts.get("step"))
        comp_status = str(error.facts["comp_status"])
        return t.tr(
            "보상이 '{status}' 상태여서 '{step}'을(를) 할 수 없습니다.",
            status=t.tr(COMPENSATION_STATUSES.get(comp_status, comp_status)),
            step=t.tr(STEPS[step_code]) if step_code in STEPS else step_code,
        )
    if isinstance(error, IllegalTransition):
        step_code = str(error.facts.get("step"))
        step = t.tr(STEPS[step_code]) if step_code in STEPS else step_code
        status = STATUSES.get(str(error.facts.get("status")))
        if status is None:
            return t.tr("지금은 '{step}'을(를) 할 수 없습니다.", step=step)
        return t.tr(
            "현재 상태({status})에서는 '{step}'을(를) 할 수 없습니다.",
            status=t.tr(status),
            step=step,
        )
    if isinstance(error, RecordRulesNotMet):
        items = "\n".join(f"- {t.tr(RULES[m]) if m in RULES else m}" for m in error.missing)
        return t.tr("아직 종결할 수 없습니다. 다음 기록 원칙을 채워 주세요:\n{items}", items=items)
    if isinstance(error, EditConflict):
        return t.tr(
            "다른 사용자가 먼저 이 사건을 저장했습니다. 입력하신 내용은 그대로 있습니다. "
            "새로 고침하여 변경 내용을 확인하세요."
        )
    if isinstance(error, AccountLocked):
        return t.tr("로그인 실패가 5회를 넘어 계정이 15분간 잠겼습니다.")
    if isinstance(error, AuthenticationFailed):
        return t.tr("아이디 또는 비밀번호가 올바르지 않습니다.")
    if isinstance(error, NotFound):
        return t.tr("찾을 수 없습니다.")
    if isinstance(error, RetentionChanged):
        if error.code == "retention_nothing":
            return t.tr("보존 기간이 지나 파기할 개인정보가 없습니다.")
        return t.tr(
            "파기하지 않았습니다. 승인한 뒤 파기 대상이 바뀌었습니다. 다시 계산한 뒤 "
            "새로 승인하세요."
        )
    if isinstance(error, BackupFailed):
        text = BACKUP_REASONS.get(error.code, N_("백업 오류: {code}"))
        return _filled(t, text, {"code": error.code, **error.facts})
    if isinstance(error, ServerSetupNeeded):
        text = SERVER_SETUP.get(error.code, N_("서버 설정 오류: {code}"))
        return _filled(t, text, {"code": error.code, **error.facts})
    if isinstance(error, DemoInterrupted):
        written = error.facts.get("written", 0)
        return t.trn(
            "데모를 {n:,}건에서 멈췄습니다. 그동안 다른 프로그램이 데이터베이스에 "
            "기록했습니다. 만든 사건은 온전합니다. 아무도 쓰지 않을 때 다시 실행하세요.",
            "데모를 {n:,}건에서 멈췄습니다. 그동안 다른 프로그램이 데이터베이스에 "
            "기록했습니다. 만든 사건은 온전합니다. 아무도 쓰지 않을 때 다시 실행하세요.",
            written if isinstance(written, int) else 0,
        )
    if isinstance(error, SystemFailure):
        text = SYSTEM_FAILURES.get(error.code, N_("처리하지 못했습니다 ({code})."))
        return _filled(t, text, {"code": error.code, **error.facts})
    if isinstance(error, DatabaseMissing):
        if error.facts.get("backups"):
            return t.tr(
                "데이터 파일이 없습니다: {where}. 지워졌거나 옮겨졌을 수 있습니다. 새 데이터를 "
                "만들지 않았습니다. 백업 폴더({backups})의 가장 최근 백업 파일을 이 이름으로 "
                "복사한 뒤 다시 시작하세요.",
                **error.facts,
            )
        return t.tr(
            "데이터베이스 파일이 없습니다: {where}. 경로(--db)를 확인하세요. 새 사무소의 "
            "데이터베이스는 init 명령으로 만듭니다.",
            **error.facts,
        )
    if isinstance(error, MissingColumns):
        missing = error.facts.get("columns")
        columns = ", ".join(str(c) for c in missing) if isinstance(missing, list) else ""
        return t.tr(
            "파일에 다음 열이 없습니다: {columns}. 매핑 파일의 [columns]를 확인하세요.",
            columns=columns,
        )
    return t.tr("오류: {code}", code=error.code)
