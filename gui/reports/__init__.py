"""The 보고서 page: summaries and blank forms."""
