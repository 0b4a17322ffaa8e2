"""The 접수 intake screen and its autosaved drafts."""
