# Trợ lý OCOP — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-pg test-pg-all lint typecheck bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## make run: Telegram bot when TELEGRAM_BOT_TOKEN is set (env or .env), else the console chat;
## the web server (officer page, file links) starts beside it and prints its address.
run: $(STAMP)
	@$(BIN)/ocop-bot start

## make test: lint and the whole test suite (offline).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## make test-pg: the storage, core, crash and end-to-end tests again, on PostgreSQL (a clean
## database per test; OCOP_TEST_DATABASE_URL, else a throwaway server; skipped without one).
PG_TESTS ?= tests/test_storage.py tests/test_postgres_storage.py tests/test_faq_storage.py \
	tests/test_applications_repo.py tests/test_outbox_worker.py tests/test_outbox_lease.py \
	tests/test_outbox_two_processes.py tests/test_inbox_core.py tests/test_inbox_crash.py \
	tests/test_inbox_telegram.py tests/test_ordering.py tests/test_redelivery.py \
	tests/test_flood.py tests/test_decisions.py tests/test_onboarding.py \
	tests/test_registration_flow.py tests/test_announcements.py tests/test_handoff.py \
	tests/test_forget.py tests/test_retention.py tests/test_review.py tests/test_web_desk.py \
	tests/test_crash.py tests/test_telegram_e2e.py tests/test_officer_e2e.py \
	tests/test_zalo_process.py tests/test_polling_lease.py tests/test_workers.py \
	tests/test_pace_storage.py tests/test_telegram_pace_e2e.py \
	tests/test_export_hostile.py tests/test_officer_fixes.py
test-pg: $(STAMP)
	$(BIN)/python -m pytest --backend postgres $(PG_TESTS)

## make test-pg-all: the whole suite on PostgreSQL (tests about the SQLite file itself are
## skipped there, with the reason). Same as `make test-pg PG_TESTS=tests`.
test-pg-all: $(STAMP)
	$(BIN)/python -m pytest --backend postgres tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
