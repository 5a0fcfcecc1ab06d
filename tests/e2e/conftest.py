from pathlib import Path

import pytest

from demo.loader import DEMO_PASSWORD
from tests.conftest import require

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def sign_in(live_server):
    """Signs a page in through the real form, as a person would."""

    def _sign_in(page, username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")

    return _sign_in


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules, and axe's best practices, as Deque runs them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def axe():
    """``axe(page)``: runs axe-core (Deque's engine, installed by ``make test`` from npm) on
    the page as it stands and fails the test on any violation, naming the rule, its help and
    the elements. The script is added through Playwright, so the CSP needs no exception."""
    require(AXE.exists(), f"{AXE} is missing (npm ci)")
    source = AXE.read_text()

    def _axe(page, name=""):
        page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not problems, f"axe on {name or page.url}:\n" + "\n".join(problems)

    return _axe
