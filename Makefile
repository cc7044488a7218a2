# Partnerskabsguiden. `make run` to chat, `make test` for the whole suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(PY) -m rasa
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
# The municipality's own companies (CVR-style CSV); the example list by default.
export COMPANIES_CSV ?= $(CURDIR)/bot/companies/eksempel-virksomheder.csv

KNOWLEDGE := $(shell find knowledge -name '*.yml' 2>/dev/null)
GENERATED := data/nlu/generated/cases.yml
SPACY     := build/spacy/da/config.cfg

.PHONY: help install system-deps spacy generate train run chat check test test-unit results validate test-nlu test-stories test-e2e bench profile purge forget report clean install-service docker-steps

help:  ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt constraints.txt
	@py=$$(tools/find_python310.sh) || exit 1; \
	 [ -x $(PY) ] || $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed  ## Create .venv (Python 3.10) and install pinned packages

# The check tools live in their own venv: mypy's typing-extensions may clash with Rasa's
# pins, and constraints.txt is part of the model's fingerprint.
CHECK_VENV := .venv-check

$(CHECK_VENV)/.installed: tools/check-requirements.txt
	@py=$$(tools/find_python310.sh) || exit 1; \
	 [ -x $(CHECK_VENV)/bin/python ] || $$py -m venv $(CHECK_VENV)
	$(CHECK_VENV)/bin/python -m pip install --quiet --upgrade "pip==24.0"
	$(CHECK_VENV)/bin/python -m pip install --quiet -r tools/check-requirements.txt
	touch $@

check: $(CHECK_VENV)/.installed  ## Fast stage (seconds): ruff lint and format check, mypy on the core
	@status=0; \
	 $(CHECK_VENV)/bin/ruff check --output-format concise . || status=1; \
	 $(CHECK_VENV)/bin/ruff format --check --output-format concise . || status=1; \
	 $(CHECK_VENV)/bin/mypy || status=1; \
	 exit $$status

system-deps:  ## Debian packages the tests start (Chromium, PostgreSQL, Redis), installed if missing
	@tools/system_deps.sh

$(SPACY): $(VENV)/.installed partnerskab/core/words.py partnerskab/ops/spacy_build.py
	$(PY) -m partnerskab.ops.spacy_build

spacy: $(SPACY)  ## Build the blank Danish/English spaCy pipelines locally

$(GENERATED): $(VENV)/.installed $(KNOWLEDGE) partnerskab/ops/generate.py $(wildcard partnerskab/core/*.py)
	$(PY) -m partnerskab.ops.generate

generate: $(GENERATED)  ## Generate NLU lookup tables and synonyms from knowledge/

train: $(SPACY) $(GENERATED)  ## Train, only if config/data/knowledge changed (cached by fingerprint)
	$(PY) tools/train.py

run: train  ## Set up, train if needed, start both servers and say where to chat
	$(PY) bot/launcher.py --model "$$($(PY) tools/train.py --path)"

chat: train  ## Chat in the terminal (rasa shell; starts its own action server)
	@ACTION_ENDPOINT_URL=http://127.0.0.1:$${ACTION_PORT:-5055}/webhook TRACKER_DB=var/shell.db; \
	 TRACKER_URL=$${TRACKER_URL:-sqlite:///$(CURDIR)/var/shell.db} LOCK_STORE=$${LOCK_STORE:-in_memory}; \
	 REDIS_HOST=$${REDIS_HOST:-127.0.0.1} REDIS_PORT=$${REDIS_PORT:-6379} REDIS_DB=$${REDIS_DB:-1}; \
	 export ACTION_ENDPOINT_URL TRACKER_DB TRACKER_URL LOCK_STORE REDIS_HOST REDIS_PORT REDIS_DB; mkdir -p var; \
	 $(PY) -m partnerskab.adapters.action_server --actions actions --port $${ACTION_PORT:-5055} > var/shell-actions.log 2>&1 & \
	 pid=$$!; trap "kill $$pid" EXIT; \
	 $(RASA) shell --model "$$($(PY) tools/train.py --path)" --endpoints bot/endpoints.yml \
	   --credentials bot/credentials.yml -i 127.0.0.1 -p $${RASA_PORT:-5005}

test: system-deps train  ## Run the whole suite: unit, validation, NLU, test stories, end-to-end
	$(PY) -m pytest

results: system-deps train  ## The whole suite, keeping its measurements in docs/results/ (quoted in the README)
	RESULTS_DIR=$(CURDIR)/docs/results $(PY) -m pytest

test-unit: $(SPACY) $(GENERATED)  ## Only the tests that need no trained model
	$(PY) -m pytest -m "not model"

$(VENV)/.bench: $(VENV)/.installed bench/requirements.txt
	$(PY) -m pip install --quiet -r bench/requirements.txt -c constraints.txt
	touch $@

bench: train $(VENV)/.bench  ## Benchmarks: vs a stock `rasa init` bot, the per-message profile, the production stack, the review page
	$(PY) bench/run_bench.py
	$(PY) bench/profile_stack.py
	$(PY) bench/run_production.py
	$(PY) bench/run_review.py

profile: train $(VENV)/.bench  ## Where a message's time goes: py-spy on both servers under load (bench/profile.md)
	$(PY) bench/profile_stack.py

purge: $(VENV)/.installed  ## Delete conversations older than DAYS (default $$RETENTION_DAYS or 90) from the tracker store
	$(PY) -m partnerskab.ops.retention purge $(if $(DAYS),--days $(DAYS),)

forget: $(VENV)/.installed  ## Delete one conversation: make forget SENDER=<conversation id>
	@[ -n "$(SENDER)" ] || { echo "usage: make forget SENDER=<conversation id>"; exit 2; }
	$(PY) -m partnerskab.ops.retention forget --sender "$(SENDER)"

report: $(VENV)/.installed  ## Markdown report for content owners: make report FROM=2026-01-01 TO=2026-12-31
	$(PY) -m partnerskab.ops.report $(if $(FROM),--from $(FROM),) $(if $(TO),--to $(TO),)

SERVICE_USER := partnerskab
install-service:  ## As root: run this checkout at boot under systemd (user partnerskab; docs/deployment.md)
	@[ "$$(id -u)" = 0 ] || { echo "install-service needs root: sudo make install-service"; exit 1; }
	id -u $(SERVICE_USER) >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/partnerskabsguiden \
	  --shell /usr/sbin/nologin $(SERVICE_USER)
	chown -R $(SERVICE_USER):$(SERVICE_USER) $(CURDIR)
	install -d -m 0750 -g $(SERVICE_USER) /etc/partnerskabsguiden
	[ -f /etc/partnerskabsguiden/env ] || install -m 0640 -g $(SERVICE_USER) deploy/partnerskabsguiden.env /etc/partnerskabsguiden/env
	sed 's|/opt/partnerskabsguiden|$(CURDIR)|g' deploy/partnerskabsguiden.service > /etc/systemd/system/partnerskabsguiden.service
	systemd-analyze verify /etc/systemd/system/partnerskabsguiden.service
	systemctl daemon-reload
	systemctl enable partnerskabsguiden.service
	@echo "Installed. Settings: /etc/partnerskabsguiden/env. Start: systemctl start partnerskabsguiden; logs: journalctl -u partnerskabsguiden -f"

docker-steps:  ## Run the Dockerfile's build steps as a script on a clean copy of HEAD, then its CMD until HEALTHCHECK passes
	tools/docker_steps.py --smoke

clean:  ## Remove build outputs (keeps .venv and the model cache)
	rm -rf build models .rasa data/nlu/generated data/rules/generated results var .mypy_cache .ruff_cache
