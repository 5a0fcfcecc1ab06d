"""The hostile-upload benchmark behind ``manage.py bench_uploads`` (BENCHMARKS.md, "Hostile
uploads"): a small workbook that unpacks to a sheet of blank rows, read by each Excel import's
preview (what the upload view calls) in a fresh process, with its wall time and the memory
it added.

Each import runs in a child process of its own, so one import's memory does not hide the
next one's: the child reads its resident size (``VmRSS``) once Django and the import's
objects are loaded and its peak (``VmHWM``) is reset (``/proc/self/clear_refs``), runs the
preview, then reads its peak; the difference is the memory the upload added. It reads the demo's data (``load_demo``) and
writes nothing.
"""

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

IMPORTS = ("staff", "year_end", "scoring")
BLANK_ROW = b'<row r="2"><c r="A2"/></row>'
HEADER = ("ID", "Họ và tên", "Chức vụ")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _numbered_blank_rows(first: int):
    """Chunks of blank rows numbered one after the other, as a sheet formatted far below its
    table holds them: they deflate about as well as real rows."""
    number = first
    while True:
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(number, number + 4096)
        )
        number += 4096
        yield rows.encode()


def blank_rows_workbook(path: Path, *, unzipped_bytes: int, numbered: bool = False) -> Path:
    """A workbook whose one sheet holds a header row, then ``<row r="2"><c r="A2"/></row>``
    repeated until its XML is ``unzipped_bytes`` long; deflated at zlib's default level, so
    190,000,000 bytes of XML make a 463 KB file. ``numbered``: blank rows numbered 2, 3, ...
    instead, which deflate 10-20 times only."""
    header = "".join(
        f'<c r="{chr(65 + index)}1" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        for index, text in enumerate(HEADER)
    )
    start = (_SHEET_START + f'<row r="1">{header}</row>').encode()
    end = _SHEET_END.encode()
    chunks = _numbered_blank_rows(2) if numbered else iter(lambda: BLANK_ROW * 32_768, None)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(start)
            left = unzipped_bytes - len(start) - len(end)
            for chunk in chunks:
                if len(chunk) > left:
                    break
                sheet.write(chunk)
                left -= len(chunk)
            sheet.write(end)
    return path


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure_one(name: str, path: Path) -> dict:
    """Run one import's preview on the file in this process (a child of ``run``)."""
    from demo.loader import CAMPAIGN_YEAR, UNIT_HEAD2_UNIT
    from registrations.imports.staff import staff_import_preview
    from registrations.imports.year_end import year_end_import_preview
    from registrations.models import Registration
    from scoring.imports import scoring_import_preview
    from scoring.models import ScoringTable

    registration = Registration.objects.select_related("unit", "campaign").get(
        unit__code=UNIT_HEAD2_UNIT, campaign__year=CAMPAIGN_YEAR
    )
    table = ScoringTable.objects.select_related("group").order_by("pk").first()
    preview = {
        "staff": lambda data: staff_import_preview(registration=registration, data=data),
        "year_end": lambda data: year_end_import_preview(registration=registration, data=data),
        "scoring": lambda data: scoring_import_preview(table=table, data=data),
    }[name]
    data = path.read_bytes()
    preview(b"")  # load what the first call loads (translations, templates' filters)
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    before = _status_mb("VmRSS")
    started = time.perf_counter()
    result = preview(data)
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM")
    problems = [problem.reason for problem in result.problems]
    return {
        "import": name,
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before, 1),
        "peak_mb": round(peak, 1),
        "added_mb": round(peak - before, 1),
        "refused": bool(problems),
        "reason": problems[0] if problems else "",
    }


def run(*, unzipped_bytes: int, numbered: bool, imports, folder: Path, timeout: int, log) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    path = blank_rows_workbook(
        folder / "blank-rows.xlsx", unzipped_bytes=unzipped_bytes, numbered=numbered
    )
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(member.file_size for member in archive.infolist())
    results = {
        "numbered": numbered,
        "file_bytes": path.stat().st_size,
        "unzipped_bytes": unzipped,
        "imports": [],
    }
    log(f"{path}: {results['file_bytes']:,} bytes, {unzipped:,} unzipped")
    for name in imports:
        command = [sys.executable, "manage.py", "bench_uploads", "--one", name, "--file", path]
        started = time.perf_counter()
        try:
            child = subprocess.run(
                [str(part) for part in command], capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            measured = {"import": name, "seconds": None, "timed_out_after": timeout}
        else:
            if child.returncode:
                raise RuntimeError(f"bench_uploads --one {name} failed:\n{child.stderr}")
            measured = json.loads(child.stdout.strip().splitlines()[-1])
        measured["child_seconds"] = round(time.perf_counter() - started, 1)
        log(json.dumps(measured, ensure_ascii=False))
        results["imports"].append(measured)
    return results
