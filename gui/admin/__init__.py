"""The 설정 page: office, deadlines, users, categories."""
