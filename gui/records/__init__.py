"""The 기록 관리 page: backups, the access review and retention."""
