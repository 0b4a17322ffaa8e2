"""What the procedure keeps: the audit and access chains, the search index, case-number
counters, bulk writes, summary figures, settings rows and backups."""
