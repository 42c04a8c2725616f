# Two commands for a new machine with only python3 (>= 3.11) and make:
#   make run   install, migrate, load the demo data once, serve on http://127.0.0.1:8000
#   make test  install the test tools and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1:8000

.PHONY: run test install install-test messages bench lint clean serve-prod load-test restore-drill

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed messages
install-test: $(VENV)/.installed-test messages

# Compiled translations are built from the .po files by a small pure-Python compiler,
# so a fresh machine needs no GNU gettext.
messages: | $(PY)
	$(PY) tools/compile_messages.py

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST)

# pytest exits 5 when no test ran; make treats it as a failure like any other non-zero code.
test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install-test
	$(PY) bench/run_all.py

# Production mode against PostgreSQL (docs/deployment.md): the variables come from ENV_FILE
# (copy docs/production.env.example and fill it in); migrate, collect static files, start gunicorn.
ENV_FILE ?= production.env
serve-prod: install
	@test -f $(ENV_FILE) || { echo "$(ENV_FILE) is missing: copy docs/production.env.example"; exit 1; }
	set -a && . $(abspath $(ENV_FILE)) && set +a && \
	$(PY) manage.py check --deploy --fail-level WARNING && \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input -v 0 && \
	exec $(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py

# Load test (not part of make test): gunicorn on PostgreSQL, database custody_production_load.
load-test: install-test
	$(PY) bench/load_test.py

# Restore drill: BACKUP=var/backups/<stamp> CHECKPOINT=published.json make restore-drill
restore-drill: install
	scripts/restore_drill.sh $(BACKUP) $(CHECKPOINT)

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 media var
