import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.production",
        "DJANGO_SECRET_KEY": "a-real-secret-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "thidua.monre.gov.vn",
    }

    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_embedded_defaults_use_sqlite_and_eager_celery():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER")
    }
    env["DJANGO_SETTINGS_MODULE"] = "emulation_portal.settings.local"
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )

    result = _manage("shell", "-v", "0", "-c", code, env=env)

    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_vietnamese_is_the_default_language_and_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_vietnamese_catalogue_translates_every_message():
    po = (ROOT / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = re.split(r"\n\n", po.split("\n\n", 1)[1])
    untranslated = [e for e in entries if re.search(r'msgstr ""\Z', e.strip())]

    assert "#, fuzzy" not in po
    assert untranslated == []
    mo = ROOT / "locale/vi/LC_MESSAGES/django.mo"
    assert mo.stat().st_mtime >= (ROOT / "locale/vi/LC_MESSAGES/django.po").stat().st_mtime - 1


def test_the_suite_runs_on_the_test_settings():
    # `make` exports the local settings for `make run`; the tests must not inherit them
    # (tasks eager, the local mail outbox), whatever the environment says.
    from django.conf import settings

    assert os.environ["DJANGO_SETTINGS_MODULE"] == "emulation_portal.settings.test"
    assert settings.CELERY_TASK_ALWAYS_EAGER
