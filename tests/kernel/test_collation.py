"""Vietnamese alphabetical order: letters of the Vietnamese alphabet, then tones, then case,
numbers by value; the same in Python whatever the database."""

import unicodedata

import pytest

from emulation_portal.collation import (
    group_name_key,
    person_name_key,
    roman_value,
    vietnamese_key,
)


def ordered(names, key=vietnamese_key):
    return sorted(names, key=key)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Dương", "Đào"),  # đ is a letter after d, not a d with a mark
        ("Duy", "Đa"),
        ("Azure", "Ăn"),  # ă after every a-word
        ("Ăn", "Ân"),  # then â
        ("Âu", "Ba"),
        ("Ez", "Ê"),
        ("Oz", "Ô"),
        ("Ô", "Ơ"),
        ("Uz", "Ư"),
        ("Cục Bản đồ", "Cục Biển"),  # letters decide before tones: "ba" < "bi"
        ("Cục B", "Cục Bản đồ"),  # a shorter word first
        ("Cục Đo đạc", "Cục Kiểm soát"),
        ("Tổ 2", "Tổ 10"),  # numbers by value
    ],
)
def test_letter_order(before, after):
    assert vietnamese_key(before) < vietnamese_key(after)


def test_the_alphabet_in_order():
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = sorted(letters, reverse=True)

    assert ordered(shuffled) == letters
    assert ordered([letter.upper() for letter in shuffled]) == [
        letter.upper() for letter in letters
    ]


def test_tones_are_a_secondary_key_in_dictionary_order():
    assert ordered(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    # A tone never beats a letter: "Bà" before "Bác" although "à" is after "a".
    assert ordered(["Bác", "Bà", "Ba"]) == ["Ba", "Bà", "Bác"]
    assert ordered(["Hồ", "Hổ", "Hộ", "Hô", "Hố", "Hỗ"]) == ["Hô", "Hồ", "Hổ", "Hỗ", "Hố", "Hộ"]


def test_case_is_ignored_before_letters_and_tones():
    assert ordered(["ĐÀO", "dương", "Dương", "anh", "BÌNH"]) == [
        "anh",
        "BÌNH",
        "dương",
        "Dương",
        "ĐÀO",
    ]
    assert vietnamese_key("Văn phòng")[:2] == vietnamese_key("VĂN PHÒNG")[:2]


def test_composed_and_decomposed_text_sort_alike():
    name = "Cục Quản lý đất đai"
    assert vietnamese_key(unicodedata.normalize("NFD", name)) == vietnamese_key(name)


def test_units_of_a_ministry_in_vietnamese_order():
    units = [
        "Vụ Tổ chức cán bộ",
        "Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam",
        "Cục Biển và Hải đảo Việt Nam",
        "Văn phòng Bộ",
        "Cục Bản đồ",
        "Viện Khoa học Khí tượng Thủy văn",
        "Cục Địa chất Việt Nam",
        "Cục Dân số",
        "Ủy ban",
        "Trung tâm Dữ liệu",
    ]
    assert ordered(units) == [
        "Cục Bản đồ",
        "Cục Biển và Hải đảo Việt Nam",
        "Cục Dân số",
        "Cục Địa chất Việt Nam",
        "Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam",
        "Trung tâm Dữ liệu",
        "Ủy ban",
        "Văn phòng Bộ",
        "Viện Khoa học Khí tượng Thủy văn",
        "Vụ Tổ chức cán bộ",
    ]


def test_empty_and_none_sort_first():
    assert vietnamese_key(None) == vietnamese_key("")
    assert ordered(["a", ""]) == ["", "a"]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("I", 1), ("IV", 4), ("V", 5), ("IX", 9), ("X", 10), ("XIV", 14), ("XL", 40)],
)
def test_roman_values(numeral, value):
    assert roman_value(numeral) == value


def test_blocs_and_clusters_sort_by_their_numeral():
    groups = [
        "Cụm thi đua X - Tây Nguyên",
        "Cụm thi đua IX - Đồng bằng sông Cửu Long",
        "Cụm thi đua V",
        "Cụm thi đua IV - Bắc Trung Bộ",
        "Cụm thi đua I",
        "Cụm thi đua XII",
        "Cụm thi đua II",
    ]
    assert ordered(groups, key=group_name_key) == [
        "Cụm thi đua I",
        "Cụm thi đua II",
        "Cụm thi đua IV - Bắc Trung Bộ",
        "Cụm thi đua V",
        "Cụm thi đua IX - Đồng bằng sông Cửu Long",
        "Cụm thi đua X - Tây Nguyên",
        "Cụm thi đua XII",
    ]
    # As text, "IX" and "IV" would come before "V", and "XII" right after "X".
    assert ordered(groups, key=vietnamese_key)[2] == "Cụm thi đua IV - Bắc Trung Bộ"
    assert ordered(groups, key=vietnamese_key)[3] == "Cụm thi đua IX - Đồng bằng sông Cửu Long"


def test_numerals_are_words_only():
    # "VIỆT" starts with V, I but is a word, not a numeral; lower case is never a numeral.
    assert group_name_key("Khối VIỆT") == vietnamese_key("Khối VIỆT")
    assert group_name_key("Khối VI") != vietnamese_key("Khối VI")
    assert ordered(["Cụm vi", "Cụm iv"], key=group_name_key) == ["Cụm iv", "Cụm vi"]


def test_people_sort_by_given_name_then_family_and_middle_names():
    people = ["Nguyễn Thị Bình", "Trần Văn An", "Lê Văn Đức", "Đỗ Dũng", "Nguyễn Văn An"]
    assert sorted(people, key=person_name_key) == [
        "Nguyễn Văn An",
        "Trần Văn An",
        "Nguyễn Thị Bình",
        "Đỗ Dũng",
        "Lê Văn Đức",
    ]
