#!/usr/bin/env bash
# Installs Docker Compose v2 where only v1 (or none) is at hand: the compose file uses keys of
# Compose >= 2.24 (`env_file.required`, top-level `name`) and Debian bookworm ships 1.29.
# Debian trixie's docker-compose (2.26, one Go binary, needs libc6 >= 2.34) is fetched with
# apt from a temporary trixie source, so apt checks it against Debian's signed index; the
# source is removed again and nothing else comes from trixie.
set -euo pipefail
DOCKER="${DOCKER:-docker}"
if [[ "$("$DOCKER" compose version --short 2>/dev/null || true)" == 2.* ]]; then
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "deb http://deb.debian.org/debian trixie main" > "$work/trixie.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/trixie.list" -o "Dir::Etc::SourceParts=-"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
          -o "APT::Sandbox::User=root")  # the temporary directories are root's
mkdir -p "$work/lists/partial" "$work/archives/partial"
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" download -qq docker-compose)
dpkg -i "$work"/docker-compose_*.deb >/dev/null
echo "Docker Compose $("$DOCKER" compose version --short) installed (Debian trixie's package)"
