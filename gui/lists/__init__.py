"""The queues, the case list with search, and the register import."""
