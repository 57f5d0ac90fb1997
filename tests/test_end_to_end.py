"""As a new user would: backfill the seeds, then a poll over a loopback news site with a real
webhook receiver and a real SMTP server. One real change -> exactly one signed webhook and
one email; its syndicated copy, a rewrite and a story repeating the baseline -> nothing."""

from __future__ import annotations

import email
import json
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from click.testing import CliRunner
from e2e import ROOT, Story, publish, service_env
from httpserver import LoopbackServer
from smtpserver import smtp_server
from standardwebhooks.webhooks import Webhook
from test_webhook import SECRET, Receiver, reply

from monitor.app.cli import main

NEW_CAP = Story(
    "/world/plan-revised",
    "Revised peace plan raises Ukraine troop ceiling",
    (
        "Negotiators in Geneva agreed on a revised version of the US-backed peace plan for "
        "Ukraine on Tuesday, officials said.",
        "The revised framework caps Ukraine's armed forces at 800,000 personnel, up from the "
        "600,000 proposed in the original draft.",
        "European officials welcomed the change, saying it left Kyiv able to defend itself.",
        "Moscow did not immediately comment on the revised text, which has not been published.",
    ),
    datetime(2025, 12, 2, 9, 0, tzinfo=UTC),
    sidebar=("600,000 refugees return home", "Cap on energy prices extended"),
)
SYNDICATED = Story(
    "/wire/plan-revised-copy",
    NEW_CAP.title,
    NEW_CAP.paragraphs,
    datetime(2025, 12, 2, 10, 0, tzinfo=UTC),
    site="Daily Courier",
    sidebar=("Football: cup final tonight",),
)
REPEAT = Story(
    "/world/red-lines",
    "Ukraine's red lines in the peace talks",
    (
        "Ukraine has three red lines in the talks on the US-backed plan, a senior official said.",
        "Kyiv rejects the proposed cap of 600,000 troops on its military.",
        "It also refuses to give up territory it still controls in the Donbas region.",
        "The 28-point plan has been revised several times since it surfaced last month.",
    ),
    datetime(2025, 12, 1, 8, 0, tzinfo=UTC),
    site="Evening Star",
)
REWRITE = Story(
    "/world/divisions",
    "Deep divisions remain as new peace talks are expected",
    (
        "Russian President Vladimir Putin said on Thursday that a U.S. delegation would visit "
        "Moscow, while President Zelenskyy said Ukrainian and U.S. officials would hold talks.",
        "Putin said the US-proposed 28-point plan on Ukraine could be a basis for agreements.",
        "Sources say the red lines include whether Ukraine's military should be capped at "
        "600,000 personnel and whether Ukraine must forgo joining NATO.",
    ),
    datetime(2025, 11, 28, 8, 0, tzinfo=UTC),
    site="CGTN Digest",
)


def test_one_change_one_webhook_one_email(tmp_path: Path) -> None:
    runner = CliRunner()
    with LoopbackServer() as site, smtp_server() as (smtp, port):
        receiver = Receiver(reply(200))
        try:
            env = service_env(
                tmp_path,
                [site.url("/feed.xml")],
                MONITOR_WEBHOOK_URL=receiver.url,
                MONITOR_WEBHOOK_SECRET=SECRET,
                MONITOR_SMTP_URL=f"smtp://127.0.0.1:{port}",
                MONITOR_EMAIL_FROM="monitor@example.org",
                MONITOR_EMAIL_TO="analyst@example.org",
            )
            loaded = runner.invoke(main, ["backfill", str(ROOT / "seeds")], env=env)
            assert loaded.exit_code == 0, loaded.output
            publish(site, [REPEAT, REWRITE, NEW_CAP, SYNDICATED])
            polled = runner.invoke(main, ["poll"], env=env)
            assert polled.exit_code == 0, polled.output

            assert len(receiver.requests) == 1, [b for _, _, b in receiver.requests]
            _, headers, body = receiver.requests[0]
            payload = Webhook(SECRET).verify(body, {k.lower(): v for k, v in headers.items()})
            alert = payload["data"]
            assert (alert["kind"], alert["fact"], alert["old"], alert["new"]) == (
                "fact_changed",
                "troop_cap",
                [600000],
                800000,
            )
            assert "800,000" in alert["evidence"]["text"]
            assert alert["evidence"]["url"].endswith(NEW_CAP.path)
            assert headers["webhook-id"] == alert["id"]

            messages = smtp.handler.messages
            assert len(messages) == 1
            mail = email.message_from_bytes(messages[0].content, policy=default_policy)
            assert isinstance(mail, EmailMessage)
            assert "800,000" in str(mail["subject"]) or "800000" in str(mail["subject"])
            assert "800,000" in mail.get_body(("plain",)).get_content()

            shown = json.loads(runner.invoke(main, ["alerts", "--json"], env=env).output)
            assert len(shown) == 1
            # the documented alert object, values typed as in the webhook's payload
            assert {k: shown[0][k] for k in alert} == alert and "payload" not in shown[0]
            assert shown[0]["new"] == 800000 and shown[0]["old"] == [600000]
            assert {d["state"] for d in shown[0]["deliveries"]} == {"sent"}
            # the syndicated copy became an extra source, not a second alert
            assert len(shown[0]["sources"]) == 2

            again = runner.invoke(main, ["poll"], env=env)
            assert again.exit_code == 0, again.output
            assert len(receiver.requests) == 1 and len(messages) == 1
        finally:
            receiver.stop()
