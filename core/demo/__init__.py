"""Realistic Korean demo offices: the stories (content), one case at a time (story) and a
million at once (bulk)."""
