"""The command line: the same services as the windows, for scripts and the office's technician."""
