"""Rule set C_2025 (Law 06/2022 + Decree 152/2025/NĐ-CP, in force from 01/07/2025): ends
B_2024 with the achievement year 2024 and adds C_2025 to a database whose rule sets were already
synced; adds the new parameters and sources to the saved rule sets without overwriting an edit.
A fresh database gets them from ``criteria.services.catalogue_sync``. The data is frozen here."""

from django.db import migrations

C_2025 = {
    "name": "Luật TĐKT 06/2022/QH15, Nghị định 152/2025/NĐ-CP, Thông tư 18/2023/TT-BTNMT",
    "first_year": 2025,
    "last_year": None,
    "params": {
        "ldtt_min_months_recruited": 6,
        "ldtt_excluding_discipline": "reprimand",
        "collective_blocking_discipline": "warning",
        "cstdcs_requires_initiative": False,
        "cstdcs_excellent_rating_suffices": True,
        "cstdcs_quota_percent": None,
        "cstdcs_quota_minimum": 0,
        "cstd_bo_consecutive_cstdcs": 3,
        "cstd_tq_consecutive_cstd_bo": 2,
        "ttldtt_min_ldtt_percent": 50,
        "ttldtt_share_strictly_greater": True,
        "ttldxs_min_ldtt_percent": 70,
        "ttldxs_min_cstdcs": 1,
        "council_threshold_percent": 90,
        "council_vote_titles": ["CSTD_BO", "CSTD_TQ"],
        "government_flag_quota_percent": None,
        "pending_review_blocks_awards": True,
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
}

# The keys added to the older rule sets with C_2025 (catalogue values of the day).
NEW_KEYS = {
    "A_2017": {
        "params": {"cstdcs_quota_minimum": 0, "pending_review_blocks_awards": False},
        "sources": {
            "government_flag": "Nghị định 91/2017/NĐ-CP, Điều 11",
            "pending_review": "Nghị định 91/2017/NĐ-CP",
        },
    },
    "B_2024": {
        "params": {"cstdcs_quota_minimum": 0, "pending_review_blocks_awards": True},
        "sources": {
            "government_flag": "Luật Thi đua, khen thưởng 2022, Điều 25",
            "pending_review": "Nghị định 98/2023/NĐ-CP, Điều 4",
        },
    },
}


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("criteria", "RuleSet")
    for code, keys in NEW_KEYS.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            continue
        rule_set.params = {**keys["params"], **rule_set.params}
        rule_set.sources = {**keys["sources"], **rule_set.sources}
        rule_set.save(update_fields=["params", "sources"])
    b_2024 = RuleSet.objects.filter(code="B_2024").first()
    if b_2024 is None:
        return
    if b_2024.last_year is None:
        b_2024.last_year = 2024
        b_2024.save(update_fields=["last_year"])
    if not RuleSet.objects.filter(code="C_2025").exists():
        RuleSet.objects.create(code="C_2025", **C_2025)


def backwards(apps, schema_editor):
    RuleSet = apps.get_model("criteria", "RuleSet")
    RuleSet.objects.filter(code="C_2025").delete()
    RuleSet.objects.filter(code="B_2024", last_year=2024).update(last_year=None)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
