#!/usr/bin/env bash
# Builds a stand-in for the Dockerfile's base image (python:3.12-slim-bookworm) from Debian's
# packages when that image cannot be pulled (this CI machine reaches package registries, not
# image registries). The stand-in is Debian bookworm with its own Python (3.11, not 3.12),
# pip and venv, shaped like the official image where the Dockerfile relies on it: `python`
# and `pip` on PATH, pip allowed to install into the system (no PEP 668 marker), and this
# machine's CA bundle so pip reaches the registry through its TLS proxy. It is tagged with
# the official name so the Dockerfile builds unchanged, and it says so.
set -euo pipefail
NAME="${1:-python:3.12-slim-bookworm}"
DOCKER="${DOCKER:-docker}"
if "$DOCKER" image inspect "$NAME" >/dev/null 2>&1; then
    echo "base image $NAME present"
    exit 0
fi
if timeout 60 "$DOCKER" pull "$NAME" >/dev/null 2>&1; then
    echo "base image $NAME pulled"
    exit 0
fi
echo "cannot pull $NAME: building a stand-in from Debian bookworm packages (mmdebstrap, Python 3.11)"
command -v mmdebstrap >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Like the official slim images: no recommended packages (they brought a full Perl), no
# manuals, documentation (copyright files kept) or translations; /usr merged without the
# usrmerge tool (and the Perl it needs).
mmdebstrap --quiet --variant=minbase --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --include=python3,python3-pip,python3-venv,ca-certificates \
    bookworm "$work/rootfs.tar" http://deb.debian.org/debian >"$work/mmdebstrap.log" 2>&1 || {
    cat "$work/mmdebstrap.log" >&2
    exit 1
}
"$DOCKER" import "$work/rootfs.tar" monitor-standin-rootfs:bookworm >/dev/null
cp /etc/ssl/certs/ca-certificates.crt "$work/ca-certificates.crt"
cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM monitor-standin-rootfs:bookworm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
    && ln -s /usr/bin/python3 /usr/local/bin/python \
    && ln -sf /usr/bin/pip3 /usr/local/bin/pip
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    LANG=C.UTF-8
LABEL org.opencontainers.image.description="stand-in for python:3.12-slim-bookworm built from Debian bookworm packages (Python 3.11)"
CMD ["python3"]
DOCKERFILE
"$DOCKER" build --quiet -t "$NAME" "$work" >/dev/null
echo "stand-in $NAME built: $("$DOCKER" run --rm "$NAME" python --version)"
