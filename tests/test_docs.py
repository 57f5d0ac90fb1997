"""The README tells the truth about the CLI: every command is documented there."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.app.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def command_paths(group: click.Group, prefix: str = "monitor") -> list[str]:
    paths = []
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            paths += command_paths(cmd, f"{prefix} {name}")
        else:
            paths.append(f"{prefix} {name}")
    return paths


def test_every_command_is_in_readme() -> None:
    missing = [p for p in command_paths(main) if f"`{p}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_every_command_has_an_example() -> None:
    def walk(group: click.Group) -> list[click.Command]:
        out: list[click.Command] = []
        for cmd in group.commands.values():
            out += walk(cmd) if isinstance(cmd, click.Group) else [cmd]
        return out

    assert all("Example" in (c.help or "") for c in walk(main))
