# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt package.json | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install migrate demo run test lint check bench messages corpus

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@# axe-core for the accessibility tests; without npm those tests say they were skipped.
	if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund --no-package-lock; \
	else echo "npm not found: the axe-core accessibility test will be skipped"; fi
	@# OCR and poppler for the PDF pipeline (docs/ingest.md); only where we may install system packages.
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! command -v tesseract >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils \
			tesseract-ocr tesseract-ocr-deu ocrmypdf >/dev/null) \
		|| echo "apt-get failed: scans will end as 'keine Textebene' until tesseract-ocr-deu is installed"; \
	elif ! command -v tesseract >/dev/null; then \
		echo "tesseract not found (install tesseract-ocr tesseract-ocr-deu): scans will not be read"; fi
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=ris.settings.production SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only \
		ALLOWED_HOSTS=ris.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

lint: install
	$(BIN)/ruff check .
	@# Import contracts (.importlinter): every dependency points down (README, "Layers").
	$(BIN)/lint-imports

# The corpus PDFs that are not committed, from local snapshots of their sources where there are any.
corpus: install
	$(BIN)/python -m tests.corpus.restore

test: check lint corpus
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python -m bench $(BENCH)

messages: install
	$(BIN)/python manage.py makemessages -l de -l en --ignore=.venv --ignore=media --ignore=node_modules --no-obsolete
	$(BIN)/python manage.py compilemessages -l de -l en --ignore=.venv --ignore=node_modules
