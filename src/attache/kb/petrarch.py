"""Reading actor dictionaries in the TABARI/PETRARCH format.

The format, as PETRARCH reads it (attache's own reader, written from the format's description):

    GURBANGULY_BERDYMUKHAMMEDOV_  # a comment
    +BERDYMUKHAMMEDOV_            <- '+' lines are synonyms of the entry above
        [TKMELI 750101-000101]    <- indented code lines: a code with an optional date restriction
        [TKMGOV >061221]
        [TKMELI]                  <- no date: the default code
    GONDOR [GON]                  <- a code on the name line is the default code

- Words are separated by `_` or spaces; a trailing `_` is a word boundary and carries no text.
- Date restrictions: `D1-D2` (from D1 to D2, both included), `>D` (from D on), `<D` (before D)
  and a lone `D` (read as `>D`; PETRARCH would drop the date). Dates are `YYMMDD` (00-30 are
  20YY, 31-99 are 19YY) or `YYYYMMDD`.
- An entry without codes shares the codes of the entry after it (as in PETRARCH): its names are
  read as synonyms of one entry.
- Comments: `#` to the end of the line, `;` on a name line, `<!-- ... -->` (also over several
  lines) and lines starting with `<!`. A line `---STOP---` ends the dictionary.

`read_actor_dictionary` returns the entries and, for every line it could not use, a `Skipped`
with the line number and the reason (nothing is dropped silently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"^\s*([<>])?\s*(\d{6,})\s*(?:-\s*(\d{6,}))?\s*$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words(
    "al el ad ar as at an ash az bin bint ibn ben bou da das de del della der di do dos du "
    "e la le ould van von y ter den zu of the and"
)
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$")


@dataclass(frozen=True)
class CodeLine:
    """A code with its date restriction; `start` and `end` are both included, None is open."""

    code: str
    start: date | None = None
    end: date | None = None
    line: int = 0

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class DictionaryEntry:
    """One entry: the phrase on its first line, its synonyms, codes and first-line comment."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[CodeLine] = field(default_factory=list)
    comment: str = ""
    line: int = 0


@dataclass(frozen=True)
class Skipped:
    """A line that was not used, and why."""

    line: int
    text: str
    reason: str


@dataclass
class ActorDictionary:
    entries: list[DictionaryEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def parse_date(text: str) -> date:
    """`YYMMDD` (00-30 -> 20YY, else 19YY) or `YYYYMMDD`; extra digits are ignored.

    Raises ValueError for anything that is not a calendar date.
    """
    digits = text.strip()
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(f"not a date: {text!r}")
    if len(digits) <= 7:
        year = int(digits[:2])
        return date(year + (2000 if year <= 30 else 1900), int(digits[2:4]), int(digits[4:6]))
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def parse_code(field_text: str, line: int = 0) -> CodeLine:
    """`USAGOV 090120-170120`, `HOB < 950601`, `TKMGOV >061221`, `TKMELI` -> a `CodeLine`.

    Raises ValueError when the date restriction cannot be read or ends before it starts.
    """
    code, _, rest = field_text.strip().partition(" ")
    if not code:
        raise ValueError("empty code")
    if not rest.strip():
        return CodeLine(code.upper(), line=line)
    match = _DATE.match(rest)
    if match is None:
        raise ValueError(f"date restriction {rest.strip()!r} cannot be read")
    sign, first, second = match.groups()
    if second is not None:
        start, end = parse_date(first), parse_date(second)
        if end < start:
            raise ValueError(f"date restriction {rest.strip()!r} ends before it starts")
        return CodeLine(code.upper(), start, end, line)
    if sign == "<":
        return CodeLine(code.upper(), None, parse_date(first) - timedelta(days=1), line)
    return CodeLine(code.upper(), parse_date(first), None, line)


class _Reader:
    """Line-by-line state of `read_actor_dictionary`."""

    def __init__(self) -> None:
        self.result = ActorDictionary()
        self.current: DictionaryEntry | None = None
        self.in_comment = False

    def feed(self, number: int, raw: str) -> bool:
        """Handle one line; False once `---STOP---` is reached."""
        line = self._strip_markup(raw)
        if "---STOP---" in line:
            return False
        text, _, comment = line.partition("#")
        if not text.strip():
            if comment.strip() and raw[:1] in (" ", "\t"):
                self._start(number, "", comment)  # a name line whose name is missing
            return True
        if raw[:1] in (" ", "\t"):
            self._codes(number, text, raw)
        elif text.lstrip().startswith("+"):
            self._synonym(number, text, raw)
        else:
            name = _CODE.sub("", text.partition(";")[0]).strip()
            self._start(number, name, comment)
            self._codes(number, text, raw, required=False)
        return True

    def _strip_markup(self, raw: str) -> str:
        line = raw.rstrip("\r\n")
        if self.in_comment:
            if "-->" not in line:
                return ""
            self.in_comment = False
            line = line.split("-->", 1)[1]
        if line.startswith("<!") and "<!--" not in line:
            return ""
        while "<!--" in line:
            before, _, after = line.partition("<!--")
            if "-->" not in after:
                self.in_comment = True
                return before
            line = before + after.split("-->", 1)[1]
        return line

    def _start(self, number: int, name: str, comment: str) -> None:
        if self.current is not None and self.current.name and not self.current.codes and name:
            self.current.synonyms.append(name)  # PETRARCH: a code-less entry shares the next codes
            return
        self.current = DictionaryEntry(name=name, comment=comment.strip(), line=number)
        self.result.entries.append(self.current)

    def _synonym(self, number: int, text: str, raw: str) -> None:
        if self.current is None:
            self._skip(number, raw, "synonym before any entry")
            return
        synonym = _CODE.sub("", text.partition(";")[0]).strip().lstrip("+").strip()
        if synonym:
            self.current.synonyms.append(synonym)
        self._codes(number, text, raw, required=False)

    def _codes(self, number: int, text: str, raw: str, required: bool = True) -> None:
        fields = _CODE.findall(text)
        if required and not fields:
            self._skip(number, raw, "indented line without a [code]")
        if fields and self.current is None:
            self._skip(number, raw, "code before any entry")
            return
        for value in fields:
            try:
                code = parse_code(value, number)
            except ValueError as error:
                self._skip(number, raw, str(error))
                continue
            assert self.current is not None
            self.current.codes.append(code)

    def _skip(self, number: int, raw: str, reason: str) -> None:
        self.result.skipped.append(Skipped(number, raw.strip(), reason))


def read_actor_dictionary(text: str) -> ActorDictionary:
    """Entries of a PETRARCH actor dictionary, with every unusable line reported."""
    reader = _Reader()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not reader.feed(number, raw):
            break
    return reader.result


def phrase_words(raw: str) -> list[str]:
    """Words of a dictionary phrase: `_` and spaces separate words."""
    return [w for w in re.split(r"[_\s]+", raw.strip()) if w]


def _cap_part(part: str, first: bool) -> str:
    lower = part.lower()
    if not first and lower in _PARTICLES:
        return lower
    if _ROMAN.match(lower) and not first:
        return part.upper()
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2:].capitalize()
    return lower.capitalize()


def _cap_word(word: str, first: bool) -> str:
    if word.upper().rstrip(".,") in ("JR", "SR"):
        return word.capitalize()
    if "." in word and len(word.replace(".", "")) <= 3:
        return word.upper()  # initials and short abbreviations: "W.", "U.S."
    parts = re.split(r"([-'])", word)
    out = []
    for i, part in enumerate(parts):
        out.append(part if part in ("-", "'") else _cap_part(part, first and i == 0))
    return "".join(out)


def display_name(raw: str) -> str:
    """`GURBANGULY_BERDYMUKHAMMEDOV_` -> "Gurbanguly Berdymukhammedov"; `ABDEL_FATTAH_EL_SISI`
    -> "Abdel Fattah el Sisi"; one word of at most three letters stays in capitals ("IMF")."""
    words = phrase_words(raw.replace("`", ""))
    if len(words) == 1 and len(words[0].replace(".", "")) <= 3:
        return words[0].upper()
    if all(not ch.isalpha() or ch.isupper() for w in words for ch in w):
        return " ".join(_cap_word(w, i == 0) for i, w in enumerate(words))
    return " ".join(words)  # already in mixed case: keep as written


TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "NGM", "MNC"})
# CAMEO agent codes that can follow a country code ("KAZGOVMIL").
CAMEO_SECTORS = _words(
    "AGR BUD BUS CHR COP CRM CTH CVL DEV EDU ELI ENV GOV HIN HLH HRI IGO JEW JUD LAB LEG MED "
    "MIL MUS NGO OPP PRO PTY RAD REB REF REL SPY UAF IMG NGM MNC"
)


def split_code(
    code: str, sectors: frozenset[str] = CAMEO_SECTORS
) -> tuple[str | None, tuple[str, ...]]:
    """A CAMEO actor code as (country, sectors): `KAZGOVMIL` -> ("KAZ", ("GOV", "MIL")),
    `IGOUNOIAE` -> (None, ("IGO",)). The first three letters are the country unless they are a
    transnational code (IGO, NGO, IMG, NGM, MNC); later three-letter chunks not in `sectors`
    (organisation identifiers such as `UNO` or `HMS`) are left out."""
    if not code or len(code) % 3 or not code.isalpha():
        return None, ()
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = None if chunks[0] in TRANSNATIONAL else chunks[0]
    rest = chunks[1:] if country else chunks
    return country, tuple(chunk for chunk in rest if chunk in sectors)
