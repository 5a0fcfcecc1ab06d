# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= emulation_portal.settings.local

.PHONY: run test install axe lint format messages bench loadtest clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11).")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	@touch $(STAMP)

install: $(STAMP)

# axe-core for the browser tests' accessibility checks (skipped where npm is missing; CI has it).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

axe: node_modules/.package-lock.json

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint axe
	$(BIN)/python manage.py makemigrations --check --dry-run -v0 --settings=emulation_portal.settings.test
	$(BIN)/pytest --ds=emulation_portal.settings.test $(PYTEST_ARGS)

messages: install
	$(BIN)/python manage.py makemessages -l vi -l en --ignore=.venv --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Benchmark (BENCHMARKS.md): N=1 and N=10 on scratch SQLite files, and on scratch PostgreSQL
# databases beside DATABASE_URL's when it is set (that database itself is never touched).
BENCH_DIR ?= /tmp/portal-bench
BENCH_SCALES ?= 1 10
BENCH_RESULTS := reports/benchmarks/results.json
bench: install
	rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	set -e; for n in $(BENCH_SCALES); do \
	  export DATABASE_URL=sqlite:///$(BENCH_DIR)/scale-$$n.sqlite3 DJANGO_DEBUG=false; \
	  $(BIN)/python manage.py migrate --noinput -v0; \
	  $(BIN)/python manage.py seed_scale --scale $$n; \
	  $(BIN)/python manage.py bench --scale $$n --output $(BENCH_DIR)/sqlite-$$n.json; \
	done
	set -e; if [ -n "$$DATABASE_URL" ]; then for n in $(BENCH_SCALES); do \
	  url=$$($(BIN)/python manage.py bench_database recreate --suffix bench_$$n --url "$$DATABASE_URL"); \
	  DATABASE_URL=$$url DJANGO_DEBUG=false $(BIN)/python manage.py migrate --noinput -v0; \
	  DATABASE_URL=$$url DJANGO_DEBUG=false $(BIN)/python manage.py seed_scale --scale $$n; \
	  DATABASE_URL=$$url DJANGO_DEBUG=false $(BIN)/python manage.py bench --scale $$n --output $(BENCH_DIR)/postgresql-$$n.json; \
	  $(BIN)/python manage.py bench_database drop --suffix bench_$$n --url "$$DATABASE_URL" >/dev/null; \
	done; fi
	DATABASE_URL=sqlite:///$(BENCH_DIR)/scale-1.sqlite3 $(BIN)/python manage.py bench_tables $(BENCH_DIR)/*-*.json --output $(BENCH_RESULTS) --doc BENCHMARKS.md

# Load test (BENCHMARKS.md): 100 users on gunicorn at scale 1, on a scratch SQLite file, or on
# a scratch PostgreSQL database beside DATABASE_URL's when it is set; writes
# reports/benchmarks/loadtest-<database>.json. LOADTEST_ARGS: see tests/load/run.py --help.
loadtest: install
	$(BIN)/python tests/load/run.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
