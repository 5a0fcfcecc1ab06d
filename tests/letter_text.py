"""An independent reading of the seed letter: its paragraphs, for word-for-word checks."""

import re
import unicodedata
from pathlib import Path

_REPO_SEED = Path(__file__).resolve().parent.parent / "campaigns/data/phat-dong-thi-dua-2021.md"
_SHARED_SEED = (
    Path(__file__).resolve().parent.parent.parent / "shared/seed/phat-dong-thi-dua-2021.md"
)


def seed_path() -> Path:
    """The shared seed when it sits beside the checkout (CI), else the project's copy."""
    return _SHARED_SEED if _SHARED_SEED.exists() else _REPO_SEED


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def seed_paragraphs() -> list[str]:
    """Every non-empty block of the seed, without Markdown markup or list markers."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", seed_path().read_text(encoding="utf-8")):
        for line in block.splitlines() if block.lstrip().startswith("- ") else [block]:
            text = line.strip().lstrip("#").replace("**", "").strip()
            text = re.sub(r"^- ", "", text)
            if text:
                paragraphs.append(normalise(text))
    return paragraphs
