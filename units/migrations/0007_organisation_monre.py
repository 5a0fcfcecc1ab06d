"""The organisation the portal has served so far, from the values that were written in the code
and in the settings' defaults: MONRE in Hà Nội, its report signer and the reports' "Nơi nhận".
A deployment that had set PORTAL_REPORT_SIGNER_* or PORTAL_REPORT_RECIPIENTS in its environment
keeps its values, so an existing database prints the same documents."""

import os

from django.db import migrations
from django.utils import timezone

ADDRESSEES = [
    "Thủ trưởng các đơn vị trực thuộc Bộ",
    "Giám đốc Sở Tài nguyên và Môi trường các tỉnh, thành phố trực thuộc Trung ương",
    "Khối trưởng, Cụm trưởng các Khối, Cụm thi đua",
]
DISTRIBUTION = "Như trên;Các Thứ trưởng;Hội đồng Thi đua - Khen thưởng Bộ;Lưu: VT, TĐKT&TT"
DEPARTMENT = "Vụ Thi đua, Khen thưởng và Tuyên truyền"


def _authority(prefix: str) -> str:
    prefix = prefix.strip().upper()
    if prefix.startswith("KT"):
        return "kt"
    if prefix.startswith("TL"):
        return "tl"
    return "own"


def create(apps, schema_editor):
    Organisation = apps.get_model("units", "Organisation")
    Signer = apps.get_model("units", "Signer")
    if Organisation.objects.exists():
        return
    recipients = os.environ.get("PORTAL_REPORT_RECIPIENTS", DISTRIBUTION)
    organisation = Organisation.objects.create(
        id=1,
        name="Bộ Tài nguyên và Môi trường",
        parent_body="",
        abbreviation="BTNMT",
        head_title="Bộ trưởng",
        department_name=DEPARTMENT,
        department_code="TĐKT&TT",
        place="Hà Nội",
        addressees=ADDRESSEES,
        distribution_list=[e.strip() for e in recipients.split(";") if e.strip()],
    )
    signers = [Signer.objects.create(organisation=organisation, title="Bộ trưởng", position=1)]
    signer = Signer.objects.create(
        organisation=organisation,
        title=os.environ.get("PORTAL_REPORT_SIGNER_TITLE", f"Vụ trưởng {DEPARTMENT}"),
        name=os.environ.get("PORTAL_REPORT_SIGNER_NAME", ""),
        authority=_authority(os.environ.get("PORTAL_REPORT_SIGNER_AUTHORITY", "TL.")),
        position=2,
    )
    signers.append(signer)
    # Their first version in the history, made by the system (no user).
    now = timezone.now()
    for model, rows in (("Organisation", [organisation]), ("Signer", signers)):
        history = apps.get_model("units", f"Historical{model}")
        for row in rows:
            fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
            history.objects.create(**fields, history_date=now, history_type="+")


class Migration(migrations.Migration):
    dependencies = [("units", "0006_organisation")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
