"""The exceptions attache raises, each with a stable code users can search for.

    AttacheError                 (ATT000) base class
    ├── InputError               (ATT100) an input cannot be read as an article
    │   ├── UnreadableInput      (ATT101) missing, unreadable, binary or badly encoded file
    │   ├── UnsupportedInput     (ATT102) unknown extension
    │   ├── EmptyInput           (ATT103) no article text left after reading and cleaning
    │   ├── MalformedRecord      (ATT104) a JSON Lines record that is not valid JSON or lacks text
    │   ├── TooLarge             (ATT105) a file, page or record over the size limits
    │   └── NotEnglish           (ATT106) text in another language (attache codes English news)
    ├── UsageError               (ATT200) a bad option value (date, filter, dataset name)
    └── StoreError               (ATT300) the database cannot be opened or written

The CLI prints `error ATTnnn: message` and exits non-zero; the REST API maps them to one JSON
error shape.
"""

from __future__ import annotations


class AttacheError(Exception):
    code = "ATT000"

    def __init__(self, message: str, *, origin: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.origin = origin

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}{self.message}"


class InputError(AttacheError):
    code = "ATT100"


class UnreadableInput(InputError):
    code = "ATT101"


class UnsupportedInput(InputError):
    code = "ATT102"


class EmptyInput(InputError):
    code = "ATT103"


class MalformedRecord(InputError):
    code = "ATT104"


class TooLarge(InputError):
    code = "ATT105"


class NotEnglish(InputError):
    code = "ATT106"


class UsageError(AttacheError):
    code = "ATT200"


class StoreError(AttacheError):
    code = "ATT300"
