from campaigns.letter_source import seed_letter_2021
from tests.letter_text import seed_path


def test_project_copy_of_seed_equals_shared_seed():
    from campaigns.letter_source import SEED_2021

    assert SEED_2021.read_bytes() == seed_path().read_bytes()


def test_seed_letter_parses_into_every_section():
    parts = seed_letter_2021()

    assert (parts.number, parts.symbol) == ("", "BTNMT-TĐKTTT")
    assert parts.subject == "V/v phát động phong trào thi đua năm 2021"
    assert parts.place == "Hà Nội"
    assert parts.theme == "Đoàn kết, kỷ cương, đổi mới toàn diện để phát triển"
    assert len(parts.addressees) == 3
    assert len(parts.opening_paragraphs) == 2
    assert len(parts.contents) == 5
    assert len(parts.tasks) == 5
    assert len(parts.collective_criteria) == 5
    assert len(parts.individual_criteria) == 5
    assert len(parts.unit_head_criteria) == 1
    assert len(parts.duties) == 2
    assert parts.closing_call.endswith("Tổ quốc./.")
    assert parts.distribution_list[-1] == "Lưu VT, TĐKTTT, V."
    assert (parts.signer_title, parts.signer_name) == ("BỘ TRƯỞNG", "Trần Hồng Hà")


def test_paragraph_split_by_a_page_break_is_joined_back():
    parts = seed_letter_2021()

    assert "“Doanh nghiệp Việt Nam hội nhập và phát triển”" in parts.contents[3]
    assert "các ngành khác để tăng cường sự gắn kết" in parts.tasks[3]
