import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the main thread; Django must allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip on a developer machine that lacks a service; in CI a missing service fails."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def screenshot_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo dataset once; each test then runs inside a transaction rolled back after
    it. pytest-django runs transactional tests (the browser ones) last, as they flush it."""
    from demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(db):
    """The demo accounts by username; the whole demo dataset is in the database."""
    from django.contrib.auth import get_user_model

    from demo.loader import ACCOUNTS, load_demo

    usernames = [account[0] for account in ACCOUNTS]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    if len(users) < len(usernames):  # a transactional test starts from an empty database
        users = load_demo()
    return users


CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens there: Redis is "down"


@pytest.fixture
def broker_down():
    """Tasks are published for real (not run in-process) to a broker nobody listens on, as
    when Redis is down. Call the fixture's value to bring the broker "back" (the test
    settings: tasks run in-process again); that is also done after the test."""
    from emulation_portal.celery import app

    # Celery reads these from the environment before its own settings.
    saved_env = {
        key: os.environ.pop(key, None) for key in ("CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL")
    }
    saved_conf = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=CLOSED_PORT_BROKER, task_always_eager=False)

    def back():
        app.conf.update(saved_conf)
        os.environ.update({key: value for key, value in saved_env.items() if value is not None})

    yield back
    back()


@pytest.fixture
def small_db(transactional_db):
    """A transactional test's database, empty: the first transactional test of the session
    still finds the session's demo (committed before any test), so it is flushed first, as
    pytest-django flushes after each such test. The test makes its own data with
    ``tests.factories`` instead of reloading the whole demo."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from units.models import Unit

    if get_user_model().objects.exists() or Unit.objects.exists():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def small_portal(small_db):
    """The demo's accounts by username, and ``"campaign"``, in a small portal made by the
    factories (``tests.factories.scenarios.small_portal``) on an empty database."""
    from tests.factories.scenarios import small_portal

    return small_portal()


@pytest.fixture
def postgresql():
    """Skips (fails in CI) unless the tests run on PostgreSQL; ask for it before the data so
    that nothing is built for a test that cannot run."""
    from django.db import connection

    require(
        connection.vendor == "postgresql",
        "this is tested on PostgreSQL: set DATABASE_URL=postgres://…",
    )
