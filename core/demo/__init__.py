"""Realistic Korean demo offices: the stories (content), one case at a time (story), a
million at once (bulk), and which database a demo may write into (office)."""
