"""What a window or the command line needs to read a register file before importing it: the
first rows for a preview, the fields a column can map to, a saved mapping file.

Reading a file touches no database, so these need no login; the import itself is
``import_register``.
"""

from core.register import FIELDS, FileReadError, Mapping, MappingError, load_mapping, read_rows
from core.register.standard import COLUMNS

__all__ = [
    "COLUMNS",
    "FIELDS",
    "FileReadError",
    "Mapping",
    "MappingError",
    "load_mapping",
    "read_rows",
]
