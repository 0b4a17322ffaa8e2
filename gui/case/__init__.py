"""One case: its window and the dialog for each step."""
