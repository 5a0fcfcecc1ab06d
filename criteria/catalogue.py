"""Reference data of the emulation law: the catalogue of titles and the versioned rule sets.

Numbers come from DOMAIN.md §3; an administrator can change them in the admin, and each
campaign reads the rule set of its achievement year.
"""

# (code, name, abbreviation, kind, recipient, level, rank, decided_by, legal source)
TITLES = (
    (
        "LDTT",
        "Lao động tiên tiến",
        "LĐTT",
        "title",
        "individual",
        "unit",
        10,
        "Thủ trưởng đơn vị",
        "Luật TĐKT 2003 Điều 24; Nghị định 91/2017/NĐ-CP Điều 10",
    ),
    (
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        "CSTĐCS",
        "title",
        "individual",
        "unit",
        20,
        "Thủ trưởng đơn vị",
        "Nghị định 91/2017/NĐ-CP Điều 9 khoản 3",
    ),
    (
        "CSTD_BO",
        "Chiến sĩ thi đua cấp Bộ",
        "CSTĐ cấp Bộ",
        "title",
        "individual",
        "ministry",
        30,
        "Bộ trưởng",
        "Nghị định 91/2017/NĐ-CP Điều 9 khoản 2",
    ),
    (
        "CSTD_TQ",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        "title",
        "individual",
        "state",
        40,
        "Thủ tướng Chính phủ",
        "Nghị định 91/2017/NĐ-CP Điều 9 khoản 1",
    ),
    (
        "GK_CN",
        "Giấy khen (cá nhân)",
        "Giấy khen",
        "form",
        "individual",
        "unit",
        15,
        "Thủ trưởng đơn vị",
        "Luật TĐKT 2003; Luật TĐKT 2022 Điều 75",
    ),
    (
        "BK_BT_CN",
        "Bằng khen của Bộ trưởng (cá nhân)",
        "Bằng khen Bộ trưởng",
        "form",
        "individual",
        "ministry",
        35,
        "Bộ trưởng",
        "Luật TĐKT 2022 Điều 74; Thông tư 18/2023/TT-BTNMT",
    ),
    (
        "BK_TTG_CN",
        "Bằng khen của Thủ tướng Chính phủ (cá nhân)",
        "Bằng khen Thủ tướng",
        "form",
        "individual",
        "state",
        45,
        "Thủ tướng Chính phủ",
        "Nghị định 91/2017/NĐ-CP Điều 38",
    ),
    (
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        "TTLĐTT",
        "title",
        "collective",
        "unit",
        10,
        "Thủ trưởng đơn vị",
        "Luật TĐKT 2003 Điều 28",
    ),
    (
        "TTLDXS",
        "Tập thể lao động xuất sắc",
        "TTLĐXS",
        "title",
        "collective",
        "ministry",
        20,
        "Bộ trưởng",
        "Luật TĐKT 2003 Điều 27",
    ),
    (
        "CO_BO",
        "Cờ thi đua của Bộ",
        "Cờ thi đua của Bộ",
        "title",
        "collective",
        "ministry",
        30,
        "Bộ trưởng",
        "Luật TĐKT 2003 Điều 26; Nghị định 91/2017/NĐ-CP Điều 12",
    ),
    (
        "CO_CP",
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua của Chính phủ",
        "title",
        "collective",
        "state",
        40,
        "Thủ tướng Chính phủ",
        "Nghị định 91/2017/NĐ-CP Điều 11",
    ),
    (
        "GK_TT",
        "Giấy khen (tập thể)",
        "Giấy khen",
        "form",
        "collective",
        "unit",
        15,
        "Thủ trưởng đơn vị",
        "Luật TĐKT 2022 Điều 75",
    ),
    (
        "BK_BT_TT",
        "Bằng khen của Bộ trưởng (tập thể)",
        "Bằng khen Bộ trưởng",
        "form",
        "collective",
        "ministry",
        25,
        "Bộ trưởng",
        "Luật TĐKT 2022 Điều 74; Thông tư 18/2023/TT-BTNMT",
    ),
    (
        "BK_TTG_TT",
        "Bằng khen của Thủ tướng Chính phủ (tập thể)",
        "Bằng khen Thủ tướng",
        "form",
        "collective",
        "state",
        35,
        "Thủ tướng Chính phủ",
        "Nghị định 91/2017/NĐ-CP Điều 38",
    ),
)

# The collective titles that make a unit "an exemplary collective" for the unit-head criterion.
EXEMPLARY_COLLECTIVE_TITLES = ("TTLDXS", "CO_BO", "CO_CP")

RULE_SETS = {
    "A_2017": {
        "name": "Luật TĐKT 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP, Thông tư 12/2019/TT-BNV, "
        "Thông tư 21/2018/TT-BTNMT",
        "first_year": 2017,
        "last_year": 2023,
        "params": {
            "ldtt_min_months_recruited": 10,
            "ldtt_excluding_discipline": "reprimand",
            "collective_blocking_discipline": "warning",
            "cstdcs_requires_initiative": True,
            "cstdcs_excellent_rating_suffices": False,
            "cstdcs_quota_percent": 15,
            "cstd_bo_consecutive_cstdcs": 3,
            "cstd_tq_consecutive_cstd_bo": 2,
            "ttldtt_min_ldtt_percent": 50,
            "ttldtt_share_strictly_greater": True,
            "ttldxs_min_ldtt_percent": 70,
            "ttldxs_min_cstdcs": 1,
            "council_threshold_percent": 90,
            "council_vote_titles": ["CSTD_BO", "CSTD_TQ"],
            "government_flag_quota_percent": 20,
            # Rounding of the quota and any minimum beyond it are UNVERIFIED (DOMAIN.md §3.3):
            # "không quá 15%" read as floor(15% × LĐTT), no minimum.
            "cstdcs_quota_minimum": 0,
            # Whether Decree 91/2017 bars awards while discipline, an inspection or a complaint
            # is pending is UNVERIFIED (DOMAIN.md §3.5 cites Decree 98/2023 Art. 4 for B_2024).
            "pending_review_blocks_awards": False,
        },
        "sources": {
            "ldtt": "Nghị định 91/2017/NĐ-CP, Điều 10",
            "cstdcs": "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3",
            "cstdcs_quota": "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3",
            "cstd_bo": "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 2",
            "cstd_tq": "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 1",
            "ttldtt": "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 28",
            "ttldxs": "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 27",
            "ministry_flag": "Nghị định 91/2017/NĐ-CP, Điều 12",
            "unit_head": "Công văn phát động phong trào thi đua năm 2021, mục III.2",
            "council": "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8",
            "government_flag": "Nghị định 91/2017/NĐ-CP, Điều 11",
            "pending_review": "Nghị định 91/2017/NĐ-CP",
        },
    },
    "B_2024": {
        "name": "Luật TĐKT 06/2022/QH15, Nghị định 98/2023/NĐ-CP, Thông tư 01/2024/TT-BNV, "
        "Thông tư 18/2023/TT-BTNMT",
        "first_year": 2024,
        "last_year": 2024,
        "params": {
            "ldtt_min_months_recruited": 6,
            "ldtt_excluding_discipline": "reprimand",
            "collective_blocking_discipline": "warning",
            "cstdcs_requires_initiative": False,
            "cstdcs_excellent_rating_suffices": True,
            "cstdcs_quota_percent": None,
            "cstd_bo_consecutive_cstdcs": 3,
            "cstd_tq_consecutive_cstd_bo": 2,
            "ttldtt_min_ldtt_percent": 50,
            "ttldtt_share_strictly_greater": True,
            "ttldxs_min_ldtt_percent": 70,
            "ttldxs_min_cstdcs": 1,
            # The council's ballot under B_2024 is UNVERIFIED (DOMAIN.md §3.4): A_2017's kept.
            "council_threshold_percent": 90,
            "council_vote_titles": ["CSTD_BO", "CSTD_TQ"],
            # The Government flag's quota under B_2024 is UNVERIFIED (DOMAIN.md §3.2): none kept.
            "government_flag_quota_percent": None,
            "cstdcs_quota_minimum": 0,
            "pending_review_blocks_awards": True,
        },
        "sources": {
            "ldtt": "Luật Thi đua, khen thưởng 2022, Điều 24; Thông tư 01/2024/TT-BNV",
            "cstdcs": "Luật Thi đua, khen thưởng 2022, Điều 23",
            "cstdcs_quota": "Luật Thi đua, khen thưởng 2022, Điều 23",
            "cstd_bo": "Luật Thi đua, khen thưởng 2022, Điều 22",
            "cstd_tq": "Luật Thi đua, khen thưởng 2022, Điều 21",
            "ttldtt": "Luật Thi đua, khen thưởng 2022, Điều 28",
            "ttldxs": "Luật Thi đua, khen thưởng 2022, Điều 27",
            "ministry_flag": "Luật Thi đua, khen thưởng 2022, Điều 26",
            "unit_head": "Tiêu chí của phong trào thi đua (mục III)",
            "council": "Nghị định 98/2023/NĐ-CP",
            "government_flag": "Luật Thi đua, khen thưởng 2022, Điều 25",
            "pending_review": "Nghị định 98/2023/NĐ-CP, Điều 4",
        },
    },
    # Decree 152/2025/NĐ-CP, in force from 01/07/2025, repealed Decrees 98/2023 and 28/2024
    # (Art. 59): the 2025 year-end awards onward (DOMAIN.md §1.2). Beyond its Art. 4 principles
    # its numbers are UNVERIFIED: B_2024's are kept as editable parameters until checked. So is
    # Circular 01/2024/TT-BNV (whether Circular 15/2025/TT-BNV replaced it is UNVERIFIED).
    "C_2025": {
        "name": "Luật TĐKT 06/2022/QH15, Nghị định 152/2025/NĐ-CP, Thông tư 18/2023/TT-BTNMT",
        "first_year": 2025,
        "last_year": None,
        "params": {
            "ldtt_min_months_recruited": 6,  # UNVERIFIED under 152/2025: B_2024's kept
            "ldtt_excluding_discipline": "reprimand",
            "collective_blocking_discipline": "warning",
            "cstdcs_requires_initiative": False,
            "cstdcs_excellent_rating_suffices": True,
            "cstdcs_quota_percent": None,  # UNVERIFIED (DOMAIN.md §11.2)
            "cstdcs_quota_minimum": 0,
            "cstd_bo_consecutive_cstdcs": 3,
            "cstd_tq_consecutive_cstd_bo": 2,
            "ttldtt_min_ldtt_percent": 50,
            "ttldtt_share_strictly_greater": True,
            "ttldxs_min_ldtt_percent": 70,
            "ttldxs_min_cstdcs": 1,
            # The council's ballot under 152/2025 is UNVERIFIED: A_2017's kept, as B_2024 does.
            "council_threshold_percent": 90,
            "council_vote_titles": ["CSTD_BO", "CSTD_TQ"],
            "government_flag_quota_percent": None,  # UNVERIFIED (DOMAIN.md §11.2)
            "pending_review_blocks_awards": True,  # Art. 4 khoản 4
        },
        "sources": {
            "ldtt": "Luật Thi đua, khen thưởng 2022, Điều 24",
            "cstdcs": "Luật Thi đua, khen thưởng 2022, Điều 23",
            "cstdcs_quota": "Luật Thi đua, khen thưởng 2022, Điều 23",
            "cstd_bo": "Luật Thi đua, khen thưởng 2022, Điều 22",
            "cstd_tq": "Luật Thi đua, khen thưởng 2022, Điều 21",
            "ttldtt": "Luật Thi đua, khen thưởng 2022, Điều 28",
            "ttldxs": "Luật Thi đua, khen thưởng 2022, Điều 27",
            "ministry_flag": "Luật Thi đua, khen thưởng 2022, Điều 26",
            "unit_head": "Tiêu chí của phong trào thi đua (mục III)",
            "council": "Nghị định 152/2025/NĐ-CP",
            "government_flag": "Luật Thi đua, khen thưởng 2022, Điều 25",
            "pending_review": "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 4",
        },
    },
}

# How units write the catalogue's titles in their own lists, besides the name and the
# abbreviation above: title code -> other names (compared folded, so "LĐTT", "LDTT" and
# "lđtt" are one). The name without its "(cá nhân)"/"(tập thể)" is a name too (title_names).
TITLE_ABBREVIATIONS = {
    "LDTT": ("LĐTT", "Lao động tiên tiến"),
    "CSTDCS": ("CSTĐCS", "CSTĐ CS", "CSTĐ cơ sở", "CSTĐ cấp cơ sở", "Chiến sĩ thi đua cấp cơ sở"),
    "CSTD_BO": ("CSTĐ cấp Bộ", "CSTĐ Bộ", "CSTĐB", "CSTĐCB"),
    "CSTD_TQ": ("CSTĐ toàn quốc", "CSTĐTQ", "CSTĐ TQ"),
    "GK_CN": ("GK", "Giấy khen"),
    "BK_BT_CN": ("BK", "BKBT", "BK Bộ trưởng", "BKBTr", "Bằng khen Bộ trưởng"),
    "BK_TTG_CN": ("BKTTg", "BKTTCP", "BK Thủ tướng", "Bằng khen Thủ tướng"),
    "TTLDTT": ("TTLĐTT", "Tập thể LĐTT"),
    "TTLDXS": ("TTLĐXS", "Tập thể LĐXS"),
    "CO_BO": ("Cờ Bộ", "CTĐ Bộ", "Cờ thi đua Bộ"),
    "CO_CP": ("Cờ Chính phủ", "CTĐCP", "Cờ thi đua Chính phủ"),
    "GK_TT": ("GK", "Giấy khen"),
    "BK_BT_TT": ("BK", "BKBT", "BK Bộ trưởng", "BKBTr", "Bằng khen Bộ trưởng"),
    "BK_TTG_TT": ("BKTTg", "BKTTCP", "BK Thủ tướng", "Bằng khen Thủ tướng"),
}


def title_names(code: str, name: str, abbreviation: str = "") -> tuple[str, ...]:
    """Every way a list may name a title: its code, name (with and without the recipient in
    brackets), abbreviation and the usual abbreviations of TITLE_ABBREVIATIONS."""
    bare = name.split(" (", 1)[0]
    return tuple(
        dict.fromkeys((code, name, bare, abbreviation, *TITLE_ABBREVIATIONS.get(code, ())))
    )
