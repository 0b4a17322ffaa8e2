"""The logged-in desk: named operations on one database thread, and what changed after each."""
