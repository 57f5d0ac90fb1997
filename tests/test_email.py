"""Email channel against a real aiosmtpd server on 127.0.0.1, and the rendering it sends."""

from __future__ import annotations

import ssl
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from smtpserver import (
    RecordingAuthenticator,
    RecordingHandler,
    client_tls_context,
    free_port,
    self_signed_cert,
    server_tls_context,
    smtp_server,
)

from monitor.alerts.channel import DeliveryResult
from monitor.alerts.email import EmailChannel, build_message
from monitor.alerts.render import render_html, render_text, subject
from monitor.errors import ConfigError

SENDER = "monitor@desk.example"
TO = ["analyst@desk.example", "editor@desk.example"]
HOSTILE_TITLE = "Plan <script>alert(1)</script>\r\nBcc: victim@example.com\u2028X-Evil: 1"

ALERT = {
    "id": "alrt_9f2c1e7a",
    "kind": "fact_changed",
    "watchlist": "ukraine-peace",
    "fact": "troop_cap",
    "label": "Troop cap",
    "old": [600000],
    "new": 800000,
    "evidence": {
        "text": 'The plan caps the army at 800,000 & "more" <b>soon</b>.',
        "url": "https://harbor-ledger.example/world/plan?a=1&b=2",
        "title": "Revised plan raises cap",
        "source": "Harbor Ledger",
        "published": "2025-12-24T09:00:00+00:00",
    },
    "rule": "new value not in baseline",
    "created_at": "2025-12-24T09:05:00+00:00",
}
HOSTILE = {**ALERT, "evidence": {**ALERT["evidence"], "title": HOSTILE_TITLE}}


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_cert(tmp_path_factory.mktemp("tls"))


def channel(url: str, **kw) -> EmailChannel:
    return EmailChannel.from_url(url, SENDER, TO, timeout=1.0, **kw)


def parse(content: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(content)  # type: ignore[return-value]


def test_plain_delivery_has_both_parts_and_no_injected_header():
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        result = channel(f"smtp://127.0.0.1:{port}").send(HOSTILE, attempt=1)
    assert result == DeliveryResult(ok=True, status="SMTP 250")
    (got,) = handler.messages
    assert got.mail_from == SENDER and got.rcpt_tos == TO  # no victim in the envelope
    msg = parse(got.content)
    assert msg["Subject"] == "[monitor] Troop cap: 600,000 -> 800,000 (Harbor Ledger)"
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert msg["Message-ID"] == "<alert.alrt_9f2c1e7a@desk.example>"
    assert msg["Date"] and msg["From"] == SENDER and msg["To"] == ", ".join(TO)
    text = msg.get_body(("plain",)).get_content()
    page = msg.get_body(("html",)).get_content()
    assert "Troop cap: 600,000 -> 800,000" in text
    assert "\u201cThe plan caps the army at 800,000" in text
    assert "Bcc: victim@example.com X-Evil: 1" in text  # collapsed onto one line
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>soon</b>" not in page and "&lt;b&gt;soon&lt;/b&gt;" in page
    assert 'href="https://harbor-ledger.example/world/plan?a=1&amp;b=2"' in page
    assert "ukraine-peace" in text and "troop_cap" in text and "new value not in baseline" in text


def test_retries_carry_the_same_message_id():
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        ch = channel(f"smtp://127.0.0.1:{port}")
        assert ch.send(ALERT, attempt=1).ok and ch.send(ALERT, attempt=2).ok
    first, second = (parse(m.content)["Message-ID"] for m in handler.messages)
    assert first == second


def test_starttls_then_auth_with_percent_decoded_credentials(cert):
    handler, auth = RecordingHandler(), RecordingAuthenticator(accept=True)
    server_ctx = server_tls_context(*cert)
    with smtp_server(
        handler, tls_context=server_ctx, require_starttls=True, authenticator=auth
    ) as (_, port):
        ch = channel(
            f"smtp://al%40ice:p%3Ass%20w@127.0.0.1:{port}?starttls=true",
            ssl_context=client_tls_context(cert[0]),
        )
        result = ch.send(ALERT, attempt=1)
    assert result.ok, result
    assert [c[1:] for c in auth.calls] == [(b"al@ice", b"p:ss w", True)]  # AUTH only under TLS
    assert handler.messages[0].tls


def test_starttls_not_offered_is_permanent_and_never_authenticates():
    handler, auth = RecordingHandler(), RecordingAuthenticator()
    with smtp_server(handler, authenticator=auth, auth_require_tls=False) as (_, port):
        result = channel(f"smtp://u:secret@127.0.0.1:{port}?starttls=true").send(ALERT, attempt=1)
    assert result.permanent and not result.ok
    assert "STARTTLS" in result.status
    assert auth.calls == [] and handler.messages == []


def test_untrusted_certificate_is_permanent(cert):
    with smtp_server(tls_context=server_tls_context(*cert), require_starttls=True) as (_, port):
        result = channel(f"smtp://127.0.0.1:{port}?starttls=true").send(ALERT, attempt=1)
    assert result.permanent and result.status.startswith("TLS certificate rejected")


def test_insecure_flag_accepts_self_signed(cert):
    with smtp_server(tls_context=server_tls_context(*cert), require_starttls=True) as (_, port):
        result = channel(f"smtp://127.0.0.1:{port}?starttls=true&insecure=true").send(
            ALERT, attempt=1
        )
    assert result.ok


def test_implicit_tls_smtps(cert):
    handler = RecordingHandler()
    with smtp_server(handler, ssl_context=server_tls_context(*cert)) as (_, port):
        ch = channel(f"smtps://127.0.0.1:{port}", ssl_context=client_tls_context(cert[0]))
        assert ch.send(ALERT, attempt=1).ok
    assert handler.messages[0].tls


def test_auth_refused_is_permanent(cert):
    auth = RecordingAuthenticator(accept=False)
    with smtp_server(
        tls_context=server_tls_context(*cert), require_starttls=True, authenticator=auth
    ) as (_, port):
        ch = channel(
            f"smtp://u:hunter2@127.0.0.1:{port}?starttls=true",
            ssl_context=client_tls_context(cert[0]),
        )
        result = ch.send(ALERT, attempt=1)
    assert result.permanent and result.status.startswith("SMTP 535")
    assert "hunter2" not in result.status and "hunter2" not in repr(ch)


def test_server_down_is_retryable():
    result = channel(f"smtp://127.0.0.1:{free_port()}").send(ALERT, attempt=1)
    assert not result.ok and not result.permanent
    assert "ConnectionRefusedError" in result.status


@pytest.mark.parametrize(
    ("reply", "permanent"),
    [("451 4.3.0 Try again later", False), ("550 5.7.1 Rejected as spam", True)],
    ids=["451-retry", "550-permanent"],
)
def test_data_reply_code_decides(reply, permanent):
    with smtp_server(RecordingHandler(data_reply=reply)) as (_, port):
        result = channel(f"smtp://127.0.0.1:{port}").send(ALERT, attempt=1)
    assert not result.ok and result.permanent is permanent
    assert result.status == f"SMTP {reply}"


def test_dropped_connection_is_retryable():
    with smtp_server(RecordingHandler(drop_on_data=True)) as (_, port):
        result = channel(f"smtp://127.0.0.1:{port}").send(ALERT, attempt=1)
    assert result == DeliveryResult(ok=False, status="SMTP server disconnected")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.example", ("relay.example", 25, "none")),
        ("smtp://u:p@relay.example?starttls=true", ("relay.example", 587, "starttls")),
        ("smtp://u:p@relay.example:2525?starttls=1", ("relay.example", 2525, "starttls")),
        ("smtps://u:p@relay.example", ("relay.example", 465, "tls")),
        ("SMTPS://[::1]:1465", ("::1", 1465, "tls")),
    ],
)
def test_from_url(url, expected):
    ch = EmailChannel.from_url(url, SENDER, TO)
    assert (ch.host, ch.port, ch.security) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://relay.example",
        "smtp://u:p@relay.example",  # credentials in clear text
        "smtps://relay.example?starttls=true",
        "smtp://relay.example?starttls=maybe",
        "smtp://relay.example?tls=true",
        "smtp://relay.example:99999",
        "smtp://",
    ],
)
def test_from_url_rejects(url):
    with pytest.raises(ConfigError):
        EmailChannel.from_url(url, SENDER, TO)


@pytest.mark.parametrize(
    ("sender", "to"), [("a@b.example\r\nBcc: x@y", TO), (SENDER, []), (SENDER, ["nope"])]
)
def test_bad_addresses_rejected(sender, to):
    with pytest.raises(ConfigError):
        EmailChannel.from_url("smtp://relay.example", sender, to)


@pytest.mark.parametrize(
    "title",
    ["\udcff lone surrogate", "a\x00b\x1b[31m", "x" * 5000, "\u202egnp.exe", "\n\r\u2029\x85"],
    ids=["surrogate", "controls", "huge", "bidi", "only-breaks"],
)
def test_hostile_titles_never_break_the_message(title):
    alert = {**ALERT, "label": title, "evidence": {**ALERT["evidence"], "title": title}}
    msg = build_message(alert, SENDER, TO, now=0.0)
    raw = msg.as_bytes()
    back = parse(raw)
    assert len(back["Subject"]) <= 200 and "\n" not in back["Subject"]
    assert set(back.keys()) == {
        "Subject", "From", "To", "Date", "Message-ID", "X-Monitor-Alert-Id",
        "MIME-Version", "Content-Type",
    }  # fmt: skip


def test_render_missing_fields_and_unsafe_links():
    alert = {"id": "x", "kind": "fact_new", "new": 19.0, "evidence": {"url": "javascript:alert(1)"}}
    assert subject(alert) == "[monitor] ?: new value 19 (unknown source)"
    assert "href" not in render_html(alert)
    assert "javascript:" not in render_text(alert) + render_html(alert)


def test_render_story_and_many_old_values():
    story = {**ALERT, "kind": "story_matched"}
    assert subject(story) == "[monitor] ukraine-peace: Revised plan raises cap (Harbor Ledger)"
    many = {**ALERT, "old": list(range(1000, 8000, 1000)), "new": "2025-12-30"}
    assert "1,000, 2,000, 3,000, 4,000, 5,000 (+2 more) -> 2025-12-30" in subject(many)


def test_tls_context_is_verifying_by_default():
    ch = EmailChannel.from_url("smtps://relay.example", SENDER, TO)
    assert ch._ssl_context.verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    ("confidence", "shown"),
    [(0.85, "confidence 0.85"), (None, None), ("0.9<script>", None), (7, "confidence 1.00")],
)
def test_body_shows_the_alerts_confidence(confidence: object, shown: str | None) -> None:
    alert = {**ALERT, "confidence": confidence}
    text, page = render_text(alert), render_html(alert)
    if shown is None:
        assert "confidence" not in text and "confidence" not in page
    else:
        assert shown in text and shown in page
