# syntax=docker/dockerfile:1
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir uv==0.13.9 \
 && useradd --system --create-home --uid 10001 sitrep

WORKDIR /app

# Dependencies first, from the lock file alone: this layer is reused until uv.lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project

COPY app ./app
COPY migrations ./migrations
COPY alembic.ini README.md ./
COPY samples ./samples
RUN uv sync --locked --no-dev \
 && mkdir -p /data && chown sitrep /data

# The pipeline's hot modules compiled with Cython (tools/compile_pipeline.py): the
# compiler and Cython stay in this stage, the image takes the build alone.
FROM base AS compiled
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY tools ./tools
RUN uv pip install --no-cache --python /app/.venv/bin/python cython==3.3.1 setuptools==84.2.1 \
 && /app/.venv/bin/python tools/compile_pipeline.py

FROM base
COPY --from=compiled /app/app/pipeline/_compiled ./app/pipeline/_compiled
USER sitrep
ENV PATH="/app/.venv/bin:$PATH" \
    SITREP_DATABASE_URL=sqlite:////data/sitrep.db
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
