"""The complaint procedure's rules as plain Python: vocabularies, calendar, deadlines, steps,
permissions, record rules, numbering, validation and field limits. No database here."""
