"""Vietnamese alphabetical order, computed in Python so that every list comes out the same on
SQLite and PostgreSQL (whose collations differ, and neither knows Vietnamese by default).

The order is that of the Vietnamese alphabet and of dictionaries (Unicode CLDR's ``vi``):

- letters first: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z placed as
  in Latin), so "đ" comes after every "d" word and "Ă"/"Â" after "A";
- then, only between words with the same letters, the tone marks: none, huyền (à), hỏi (ả),
  ngã (ã), sắc (á), nặng (ạ);
- then case (lower case first); letter case never decides before letters and tones do.

Runs of digits compare by their value ("Tổ 2" before "Tổ 10"); with ``numerals=True``, a word
that is a Roman numeral in capitals does too ("Cụm thi đua IV" before "Cụm thi đua IX" before
"Cụm thi đua X"), as blocs and clusters are numbered. Spaces and punctuation sort before any
letter or digit, so "Cục B" comes before "Cục Bản đồ". People are listed by their given name
first (``person_name_key``), as Vietnamese lists of names are.
"""

import re
import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}

# Combining marks that make a letter of its own (ă â ê ô ơ ư), and the five tones.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SEPARATOR, _NUMBER, _LETTER, _OTHER = 0, 1, 2, 3

_ROMAN_WORD = re.compile(
    r"(?<![^\W\d_])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})(?![^\W\d_])"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_TOKEN = re.compile(r"\d+|\w|\W", re.UNICODE)


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral in capitals ("IX" → 9)."""
    values = [_ROMAN[char] for char in numeral]
    return sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value
        for index, value in enumerate(values)
    )


def _letter(char: str) -> tuple[tuple[int, int], int, int]:
    """(primary, tone, case) of one letter."""
    lower = char.lower()
    case = 0 if char == lower else 1
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter_marks = ""
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    letter = unicodedata.normalize("NFC", base + letter_marks)
    if letter in _RANK:
        return (_LETTER, _RANK[letter]), tone, case
    if base in _RANK:  # a Latin letter with a mark Vietnamese does not use
        return (_LETTER, _RANK[base]), tone, case
    return (_OTHER, ord(lower)), tone, case


def vietnamese_key(text: str | None, *, numerals: bool = False) -> tuple:
    """A sort key that puts ``text`` in Vietnamese alphabetical order (see the module)."""
    text = unicodedata.normalize("NFC", text or "")
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    position = 0
    romans = {}
    if numerals:
        romans = {match.start(): match for match in _ROMAN_WORD.finditer(text) if match.group()}
    while position < len(text):
        roman = romans.get(position)
        if roman is not None:
            primary.append((_NUMBER, roman_value(roman.group())))
            position = roman.end()
            continue
        token = _TOKEN.match(text, position).group()
        position += len(token)
        if token.isdigit() and token.isascii():
            primary.append((_NUMBER, int(token)))
        elif token.isalpha():
            letter, tone, case = _letter(token)
            primary.append(letter)
            tones.append(tone)
            cases.append(case)
        elif token.isspace():
            primary.append((_SEPARATOR, 0))
        else:
            primary.append((_SEPARATOR, ord(token)))
    return (tuple(primary), tuple(tones), tuple(cases), text)


def group_name_key(name: str | None) -> tuple:
    """The key of a bloc's or cluster's name: Vietnamese order, Roman numerals by value."""
    return vietnamese_key(name, numerals=True)


def person_name_key(full_name: str | None) -> tuple:
    """The key of a person's full name as Vietnamese lists of people are ordered: by the given
    name (the last word, "tên"), then by the whole name (family and middle names), so that
    "Trần Văn An" comes before "Nguyễn Thị Bình"."""
    words = (full_name or "").split()
    return (vietnamese_key(words[-1] if words else ""), vietnamese_key(full_name))
