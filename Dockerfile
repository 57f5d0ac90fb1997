# monitor: news ingest-and-alert service.  docker compose up -d  (see README "Run with Docker")

# Stage 1: a virtual environment with the package and every dependency, built where the
# tools are (none of them reach the final image).
FROM python:3.12-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY monitor ./monitor
# Every dependency comes from the lock file, each download checked against its hash; the
# package itself is installed without resolving again. Some compiled extensions ship with
# their debug symbols (spaCy's alone are 97 MB of them): those sections are stripped, as
# distributions do. Libraries a wheel vendors under *.libs/ are left alone (patchelf wrote
# them; strip would break them).
# Also left out: the packages' own test suites, their C and Cython sources (used only to
# compile against them), and babel's locale data for languages other than English (35 MB;
# babel comes with courlan, whose only use of it is a URL language filter monitor never
# calls, and babel reports a locale without data as unknown).
# pip itself is not needed at run time. binutils (for strip) stays in this stage, unpinned:
# the tool's version does not reach the image.
# hadolint ignore=DL3008
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements/lock.txt \
    && /opt/venv/bin/pip install --no-cache-dir --no-deps --require-hashes \
        -r requirements/model.txt \
    && /opt/venv/bin/pip install --no-cache-dir --no-deps . \
    && /opt/venv/bin/pip uninstall --yes --quiet pip \
    && apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils \
    && find /opt/venv -name '*.so' -type f -not -path '*.libs/*' \
        -exec sh -c 'readelf -S "$1" | grep -q debug_info && strip --strip-debug "$1"' _ {} \; \
    && find /opt/venv -name '__pycache__' -type d -prune -exec rm -rf {} + \
    && find /opt/venv -path '*/site-packages/*' -type d -name tests -prune -exec rm -rf {} + \
    && find /opt/venv -path '*/site-packages/*' -type f \
        \( -name '*.pyx' -o -name '*.pxd' -o -name '*.c' -o -name '*.cpp' -o -name '*.h' \) -delete \
    && find /opt/venv -path '*/babel/locale-data/*.dat' -type f \
        -not -name root.dat -not -name 'en.dat' -not -name 'en_*.dat' -delete

# Stage 2: the runtime image: the environment, the shipped watchlists and seeds, a non-root user.
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    MONITOR_DB=/data/monitor.db \
    MONITOR_WATCHLISTS=/app/watchlists \
    MONITOR_SEEDS=/app/seeds \
    MONITOR_WEB_ADDR=0.0.0.0:8080
COPY --from=build /opt/venv /opt/venv
RUN groupadd --system --gid 10001 monitor \
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
