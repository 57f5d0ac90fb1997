"""Settings: defaults, parsing and validation of every MONITOR_* variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.settings import OPTIONS, load


def test_defaults_match_design() -> None:
    s = load({})
    assert s.db == Path("data/monitor.db")
    assert s.watchlists == Path("watchlists")
    assert (s.webhook_urls, s.webhook_secret, s.smtp_url, s.allow_private) == (
        (),
        None,
        None,
        False,
    )


def test_lists_and_flags_parse() -> None:
    s = load(
        {
            "MONITOR_WEBHOOK_URL": "http://a.example/h, https://b.example/h",
            "MONITOR_ALLOW_PRIVATE": "1",
            "MONITOR_SMTP_URL": "smtp://u:p@mail:587",
            "MONITOR_EMAIL_FROM": "m@example.org",
            "MONITOR_EMAIL_TO": "a@x.org,b@x.org",
        }
    )
    assert s.webhook_urls == ("http://a.example/h", "https://b.example/h")
    assert s.allow_private is True
    assert s.email_to == ("a@x.org", "b@x.org")


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"MONITOR_WEBHOOK_URL": "ftp://x"}, "MONITOR_WEBHOOK_URL"),
        ({"MONITOR_WEBHOOK_SECRET": "hunter2"}, "MONITOR_WEBHOOK_SECRET"),
        ({"MONITOR_SMTP_URL": "mail.example.org"}, "MONITOR_SMTP_URL"),
        ({"MONITOR_ALLOW_PRIVATE": "maybe"}, "MONITOR_ALLOW_PRIVATE"),
        ({"MONITOR_LOG_FORMAT": "xml"}, "MONITOR_LOG_FORMAT"),
        ({"MONITOR_POLL_INTERVAL": "-5"}, "MONITOR_POLL_INTERVAL"),
        ({"MONITOR_SMTP_URL": "smtp://mail:25"}, "MONITOR_SMTP_URL is set"),
    ],
)
def test_invalid_values_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load(env)


def test_secrets_redacted() -> None:
    s = load(
        {
            "MONITOR_WEBHOOK_SECRET": "whsec_c2VjcmV0",
            "MONITOR_SMTP_URL": "smtp://u:pw@h",
            "MONITOR_EMAIL_FROM": "a@b.c",
            "MONITOR_EMAIL_TO": "d@e.f",
        }
    )
    shown = s.redacted()
    assert shown["MONITOR_WEBHOOK_SECRET"] == "***" and shown["MONITOR_SMTP_URL"] == "***"
    assert "pw" not in repr(shown)


def test_every_option_documented_in_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for opt in OPTIONS:
        assert f"`{opt.env}`" in readme, opt.env
