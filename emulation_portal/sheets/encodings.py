"""Vietnamese text typed in the legacy font encodings, converted to Unicode.

Before Unicode, Vietnamese was typed in fonts that drew Vietnamese letters in place of the
Latin-1 characters a file stores: a cell that reads "Céng hoµ x· héi" in Calibri was
"Cộng hoà xã hội" in the .VnTime font (TCVN3, also called ABC: one byte for each letter),
and "Coäng hoøa xaõ hoäi" was the same words in VNI-Times (VNI Windows: a base letter
followed by one or two marks). Excel keeps those bytes as the Latin-1 characters, so the
text must be converted before it can be compared.

A text is converted only when it cannot be ordinary Unicode Vietnamese: it holds no
character beyond Latin-1 (Unicode Vietnamese nearly always has ă, đ, ơ, ư or a letter with a
dot or hook, and NFD text has combining marks) and it holds a character Unicode Vietnamese
never uses (ª « ¬ µ ¸ ... for TCVN3; ø û ï å ä ë ü ö ñ ... next to a vowel for VNI). "Lê Tú",
"Hoàng Thị Mai" or "Nguyễn" are left alone.
"""

import re

TCVN3 = "TCVN3"
VNI = "VNI"

# TCVN 5712:1993 "VN3", the font encoding of .VnTime and .VnArial: code -> letter. The
# uppercase letters with tones have no code: all-capital text is the lowercase codes drawn by
# an uppercase font (.VnTimeH), and converts to lowercase letters.
_TCVN3_TABLE = {
    "\u00b5": "à", "\u00b6": "ả", "\u00b7": "ã", "\u00b8": "á", "\u00b9": "ạ",
    "\u00a8": "ă", "\u00bb": "ằ", "\u00bc": "ẳ", "\u00bd": "ẵ", "\u00be": "ắ", "\u00c6": "ặ",
    "\u00a9": "â", "\u00c7": "ầ", "\u00c8": "ẩ", "\u00c9": "ẫ", "\u00ca": "ấ", "\u00cb": "ậ",
    "\u00ae": "đ",
    "\u00cc": "è", "\u00ce": "ẻ", "\u00cf": "ẽ", "\u00d0": "é", "\u00d1": "ẹ",
    "\u00aa": "ê", "\u00d2": "ề", "\u00d3": "ể", "\u00d4": "ễ", "\u00d5": "ế", "\u00d6": "ệ",
    "\u00d7": "ì", "\u00d8": "ỉ", "\u00dc": "ĩ", "\u00dd": "í", "\u00de": "ị",
    "\u00df": "ò", "\u00e1": "ỏ", "\u00e2": "õ", "\u00e3": "ó", "\u00e4": "ọ",
    "\u00ab": "ô", "\u00e5": "ồ", "\u00e6": "ổ", "\u00e7": "ỗ", "\u00e8": "ố", "\u00e9": "ộ",
    "\u00ac": "ơ", "\u00ea": "ờ", "\u00eb": "ở", "\u00ec": "ỡ", "\u00ed": "ớ", "\u00ee": "ợ",
    "\u00ef": "ù", "\u00f1": "ủ", "\u00f2": "ũ", "\u00f3": "ú", "\u00f4": "ụ",
    "\u00ad": "ư", "\u00f5": "ừ", "\u00f6": "ử", "\u00f7": "ữ", "\u00f8": "ứ", "\u00f9": "ự",
    "\u00fa": "ỳ", "\u00fb": "ỷ", "\u00fc": "ỹ", "\u00fd": "ý", "\u00fe": "ỵ",
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư",
    "\u00a7": "Đ",
}  # fmt: skip
_TCVN3_TRANSLATION = str.maketrans(_TCVN3_TABLE)
# TCVN3's codes between ¡ and ¿: neither Unicode Vietnamese nor VNI holds any of them, and a
# TCVN3 text of any length has some, as every a, ă, â, ê, ô, ơ, ư and đ is one of them.
_TCVN3_STRONG = "".join(sorted(code for code in _TCVN3_TABLE if code < "\u00c0"))
# Its other codes that are no letter of Unicode Vietnamese (some are VNI's marks).
_TCVN3_WEAK = "".join(
    sorted(
        code
        for code in _TCVN3_TABLE
        if code >= "\u00c0" and code not in "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
    )
)


def _next_to_a_letter(characters: str) -> re.Pattern:
    one = f"[{re.escape(characters)}]"
    return re.compile(f"{one}(?=[A-Za-z])|(?<=[A-Za-z]){one}")


_TCVN3_STRONG_EVIDENCE = _next_to_a_letter(_TCVN3_STRONG)
_TCVN3_WEAK_EVIDENCE = _next_to_a_letter(_TCVN3_WEAK)

# VNI Windows, the encoding of VNI-Times: (letter, its letters in VNI). A vowel is its base
# letter followed by marks: tones ù ø û õ ï (acute, grave, hook, tilde, dot), circumflex with
# tone â á à å ã ä, breve with tone ê é è ú ü ë; ơ and ư are ô and ö, đ is ñ, and i and ỵ
# with tones have their own codes.
_VNI_LOWER = (
    ("á", "aù"), ("à", "aø"), ("ả", "aû"), ("ã", "aõ"), ("ạ", "aï"),
    ("â", "aâ"), ("ấ", "aá"), ("ầ", "aà"), ("ẩ", "aå"), ("ẫ", "aã"), ("ậ", "aä"),
    ("ă", "aê"), ("ắ", "aé"), ("ằ", "aè"), ("ẳ", "aú"), ("ẵ", "aü"), ("ặ", "aë"),
    ("é", "eù"), ("è", "eø"), ("ẻ", "eû"), ("ẽ", "eõ"), ("ẹ", "eï"),
    ("ê", "eâ"), ("ế", "eá"), ("ề", "eà"), ("ể", "eå"), ("ễ", "eã"), ("ệ", "eä"),
    ("í", "í"), ("ì", "ì"), ("ỉ", "æ"), ("ĩ", "ó"), ("ị", "ò"),
    ("ó", "où"), ("ò", "oø"), ("ỏ", "oû"), ("õ", "oõ"), ("ọ", "oï"),
    ("ô", "oâ"), ("ố", "oá"), ("ồ", "oà"), ("ổ", "oå"), ("ỗ", "oã"), ("ộ", "oä"),
    ("ơ", "ô"), ("ớ", "ôù"), ("ờ", "ôø"), ("ở", "ôû"), ("ỡ", "ôõ"), ("ợ", "ôï"),
    ("ú", "uù"), ("ù", "uø"), ("ủ", "uû"), ("ũ", "uõ"), ("ụ", "uï"),
    ("ư", "ö"), ("ứ", "öù"), ("ừ", "öø"), ("ử", "öû"), ("ữ", "öõ"), ("ự", "öï"),
    ("ý", "yù"), ("ỳ", "yø"), ("ỷ", "yû"), ("ỹ", "yõ"), ("ỵ", "î"),
    ("đ", "ñ"),
)  # fmt: skip
# Capitals are the capital base letter and the capital marks (Ù Ø Û Õ Ï, Â Á À Å Ã Ä, ...);
# a capital base letter with small marks is found too ("Aùnh" for "Ánh").
_VNI_TABLE = dict(
    [(vni, letter) for letter, vni in _VNI_LOWER]
    + [(vni[0].upper() + vni[1:], letter.upper()) for letter, vni in _VNI_LOWER]
    + [(vni.upper(), letter.upper()) for letter, vni in _VNI_LOWER]
)
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_TABLE), key=len, reverse=True)))
# A vowel and a VNI mark that no Unicode Vietnamese word puts side by side (Unicode has "oà",
# "quá", "xuân", "thuê", "yêu", but never "aù", "eã", "uû", "ôø"), or đ and ư on their own.
_VNI_EVIDENCE = re.compile(
    # a small vowel and a small mark; a capital vowel and a mark of either case
    "a[ùøûõïâáàåãäêéèúüë]|e[ùøûõïâáàåãäêéèúüë]|o[ùøûõïâåäêüëú]|u[ùøûõïåäüëú]|y[ùøûõï]|ô[ùøûõï]"
    "|A[ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|E[ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]"
    "|O[ùøûõïâåäêüëúÙØÛÕÏÂÅÄÊÜËÚ]|U[ùøûõïåäüëúÙØÛÕÏÅÄÜËÚ]|Y[ùøûõïÙØÛÕÏ]|Ô[ùøûõïÙØÛÕÏ]"
    # ư and đ: small ones anywhere in a word, capital ones not after a small letter
    "|ö|ñ(?=[a-z])|(?<=[A-Za-z])ñ|(?<![a-z])[ÖÑ]|[æî]"
)


# Any vowel and VNI mark side by side, "oá" and "uâ" included: VNI only in a workbook whose
# other cells are VNI beyond doubt.
_VNI_PAIRS = re.compile(
    "|".join(sorted((re.escape(code) for code in _VNI_TABLE if len(code) > 1), key=len))
)


def legacy_encoding(text: str, hint: str | None = None) -> str | None:
    """TCVN3 or VNI when ``text`` is Vietnamese typed in that legacy encoding, else None.

    ``hint`` is the encoding of the workbook's other cells: a text that could be Unicode or
    VNI ("Soá TT" is "Số TT" in VNI, but "Hoá" is Unicode) is taken as VNI when the hint is."""
    if not text or text.isascii() or max(text) > "\u00ff":
        return None
    if _TCVN3_STRONG_EVIDENCE.search(text):
        return TCVN3
    if _VNI_EVIDENCE.search(text):
        return VNI
    if _TCVN3_WEAK_EVIDENCE.search(text):
        return TCVN3
    if hint == VNI and _VNI_PAIRS.search(text):
        return VNI
    return None


def from_tcvn3(text: str) -> str:
    """The letters of TCVN3 are all lowercase: a text written in capitals (two capital Latin
    letters side by side, no small one) was drawn with a capital font (.VnTimeH) and is
    given in capitals."""
    converted = text.translate(_TCVN3_TRANSLATION)
    if _CAPITALS.search(text) and not _SMALL.search(text):
        return converted.upper()
    return converted


_CAPITALS = re.compile("[A-Z]{2}")
_SMALL = re.compile("[a-z]")


def from_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda match: _VNI_TABLE[match.group()], text)


def to_unicode(text: str, hint: str | None = None) -> tuple[str, str | None]:
    """(the text in Unicode, the legacy encoding it was converted from or None)."""
    encoding = legacy_encoding(text, hint)
    if encoding == TCVN3:
        return from_tcvn3(text), encoding
    if encoding == VNI:
        return from_vni(text), encoding
    return text, None
