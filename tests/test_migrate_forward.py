"""A database made before the ladder (scoring and awards moved into apps of their own) migrates
to today's layout with every row in place.

The code of BEFORE_THE_LADDER is checked out from git into a scratch folder; it migrates a
scratch database and loads the demo there. Today's code then migrates the same database
forward. Every table must hold the same number of rows as before (the migration ledger
aside), and every model of today must read its table whole: a model whose table was renamed
or lost would read nothing or fail.

The scratch database is PostgreSQL beside DATABASE_URL's when the suite runs on PostgreSQL
(that database itself is never touched), SQLite otherwise.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(__file__).resolve().parent.parent
# main just before scoring and awards left units and campaigns (issue 14).
BEFORE_THE_LADDER = "630ef54"

COUNT_TABLES = """
import json, os
from django.db import connection
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names()):
        if table == "django_migrations":
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
with open(os.environ["COUNTS_TO"], "w") as out:
    json.dump(counts, out)
"""

COUNT_MODELS = """
import json, os
from django.apps import apps
with open(os.environ["COUNTS_TO"], "w") as out:
    json.dump(
        {m._meta.db_table: m._base_manager.count() for m in apps.get_models(True)}, out
    )
"""


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(PROJECT), *args], capture_output=True, text=True)


def _checkout(commit: str, into: Path) -> None:
    if _git("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        # A shallow clone: fetch the one commit the test needs.
        _git("fetch", "--quiet", "--depth=1", "origin", commit)
    archive = subprocess.run(
        ["git", "-C", str(PROJECT), "archive", "--format=tar", commit],
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, f"git cannot give {commit}: {archive.stderr.decode()}"
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)


def _scratch_database(tmp_path: Path):
    """(DATABASE_URL for the scratch database, a function that drops it)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / 'forward.sqlite3'}", lambda: None
    import psycopg2

    name = f"{database['NAME']}_forward_{os.getpid()}"
    host, port, user = database["HOST"] or "127.0.0.1", database["PORT"] or 5432, database["USER"]

    def run(sql: str) -> None:
        connection = psycopg2.connect(
            dbname="postgres", host=host, port=port, user=user, password=database["PASSWORD"]
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{host}:{port}/{name}",
        lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'),
    )


def _counts(code: Path, env: dict, script: str) -> dict[str, int]:
    """Run ``script`` with ``code``'s Django; it writes its counts as JSON to COUNTS_TO (the
    commands' own output, logging included, stays out of the way)."""
    out = Path(env["DJANGO_MEDIA_ROOT"]).parent / "counts.json"
    _manage(code, {**env, "COUNTS_TO": str(out)}, "shell", "-c", script)
    return json.loads(out.read_text())


def _manage(code: Path, env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} in {code}:\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture
def database_before_the_ladder(tmp_path):
    old_code = tmp_path / "before"
    _checkout(BEFORE_THE_LADDER, old_code)
    url, drop = _scratch_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.local",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": "memory://",
        "DJANGO_DEBUG": "false",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    _manage(old_code, env, "migrate", "--no-input", "-v0")
    _manage(old_code, env, "load_demo")
    before = _counts(old_code, env, COUNT_TABLES)
    yield env, before
    drop()


def test_a_database_made_before_the_ladder_keeps_every_row(database_before_the_ladder):
    env, before = database_before_the_ladder
    assert sum(before.values()) > 10_000, "the demo did not load"

    _manage(PROJECT, env, "migrate", "--no-input", "-v0")
    _manage(PROJECT, env, "migrate", "--check", "-v0")  # nothing left unapplied
    after = _counts(PROJECT, env, COUNT_TABLES)
    read_by_models = _counts(PROJECT, env, COUNT_MODELS)

    # A model added since (campaigns' CampaignEvent, LetterRegister) brings its content type and
    # permissions: those two tables may grow, never lose a row.
    grows = {"django_content_type", "auth_permission"}
    # Rows a data migration adds to a synced database: rule set C_2025 (criteria 0002).
    added = {"criteria_ruleset": 1}
    changed = {
        t: (n, after.get(t))
        for t, n in before.items()
        if (after.get(t) or 0) < n or (t not in grows and after.get(t) != n + added.get(t, 0))
    }
    assert not changed, f"tables whose rows changed (before, after): {changed}"
    # The organisation the code used to name is made by a data migration (units 0007).
    seeded = {
        "units_organisation": 1,
        "units_historicalorganisation": 1,
        "units_signer": 2,
        "units_historicalsigner": 2,
    }
    new_with_rows = {t: n for t, n in after.items() if t not in before and n and seeded.get(t) != n}
    assert not new_with_rows, f"new tables should start empty: {new_with_rows}"
    misread = {t: (n, after.get(t)) for t, n in read_by_models.items() if after.get(t) != n}
    assert not misread, f"models that do not read their table whole (model, table): {misread}"
