# Partnerskabsguiden in one image: Python 3.10 (slim), the pinned packages, the
# locally built spaCy pipelines and the model, trained at build time. Runs as
# the unprivileged user `partnerskab`.
#
#   docker build -t partnerskabsguiden .
#   docker run -p 127.0.0.1:8000:8000 -p 127.0.0.1:5005:5005 partnerskabsguiden   # one server
#   docker compose up                                                            # production profile
#
# NOT RUN on the project's machines (they cannot run containers): tools/docker_steps.sh
# runs these RUN steps as a script on a clean copy of the repository instead.
FROM python:3.10-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PARTNERSKAB_CACHE=/app/.cache

RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 --user-group partnerskab \
    && install -d -o partnerskab -g partnerskab /app /app/var

WORKDIR /app
COPY --chown=partnerskab:partnerskab . /app
USER partnerskab

# .venv, the spaCy pipelines, the generated NLU tables and the model (make train does all four).
RUN make train
# One stable name for the trained model, so commands need not compute its fingerprint.
RUN ln -sf "$(basename "$(.venv/bin/python tools/train.py --path)")" models/current.tar.gz \
    && test -s models/current.tar.gz \
    && rm -rf .cache

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONPATH=/app \
    MODEL=/app/models/current.tar.gz \
    VAR_DIR=/app/var \
    BIND_HOST=0.0.0.0 \
    COMPANIES_CSV=/app/bot/companies/eksempel-virksomheder.csv

EXPOSE 5005 5055 8000
# The web server's /health is 200 only when Rasa and the action server answer a
# real catalogue question (the launcher's state); compose overrides it per service.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]

# One container = `make run`: the launcher supervises all three servers.
CMD ["python", "bot/launcher.py", "--model", "/app/models/current.tar.gz"]
