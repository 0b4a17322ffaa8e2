"""Reading and writing the Excel/CSV complaint registers Korean offices already keep.

Pure Python (stdlib + openpyxl): no Qt and no database here, so importers and exporters can
use it from the GUI, the CLI and tests alike.
"""

from core.register.dates import BadDate, parse_when
from core.register.files import (
    FileReadError,
    SourceRow,
    escape_formula,
    read_rows,
    unescape_formula,
    write_register,
)
from core.register.mapping import (
    FIELDS,
    Mapping,
    MappingError,
    check_headings,
    load_mapping,
    parse_mapping,
)

__all__ = [
    "FIELDS",
    "BadDate",
    "FileReadError",
    "Mapping",
    "MappingError",
    "SourceRow",
    "check_headings",
    "escape_formula",
    "load_mapping",
    "parse_mapping",
    "parse_when",
    "read_rows",
    "unescape_formula",
    "write_register",
]
