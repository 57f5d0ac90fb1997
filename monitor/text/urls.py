"""Decides when two URLs name the same article: the canonical form (the one module using courlan).

Tracking parameters are removed from an explicit list rather than with courlan's own tracker
regex: that regex is unanchored, so it also drops `gallery=`, `game=`, `glossary=` or
`reference=` (it matches the prefixes `ga`, `gl`, `ref`), which would merge distinct articles.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from courlan import normalize_url

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "igshid", "igsh", "li_fat_id", "mc_cid", "mc_eid", "ref", "ref_src", "ref_url",
        "referrer", "cmpid", "cmp", "ito", "icid", "ocid", "xtor", "spm", "_ga", "_gl", "_hsenc",
        "_hsmi", "_openstat", "mkt_tok", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid",
        "vero_id", "vero_conv", "wt.mc_id", "wt.mc_ev", "ns_campaign", "ns_mchannel",
        "ns_source", "ns_linkname", "ns_fee", "sr_share", "smid", "smtyp", "cvid", "feature",
    }
)  # fmt: skip
# utm_source, utm_medium, ...; Matomo (pk_, mtm_), HubSpot ads (hsa_), AT Internet (at_)
TRACKING_PREFIXES = re.compile(r"^(?:utm|pk|mtm|itm|hsa|at|matomo|piwik)_")


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that identifies a campaign or click, not the page."""
    name = name.lower()
    return name in TRACKING_PARAMS or TRACKING_PREFIXES.match(name) is not None


def canonical_url(url: str) -> str:
    """The form under which an http(s) URL is stored and compared.

    Drops tracking parameters, the fragment and the scheme's default port; lower-cases the
    scheme and host (and decodes punycode); sorts the remaining query parameters by name;
    keeps the path's case. Anything but an absolute http(s) URL is returned stripped and
    otherwise unchanged (local documents use file:// URIs). Raises ValueError for a URL
    that cannot be parsed (e.g. a bad IPv6 literal).
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k]
    # sorted() is stable: repeated names keep their relative order
    params: list[tuple[str, str]] = sorted(
        (kv for kv in kept if not is_tracking_param(kv[0])), key=_name
    )
    query = urlencode(params)
    base = urlsplit(normalize_url(parts._replace(query="", fragment="")))
    # urljoin applies RFC 3986 dot-segment removal: /a/../b/./c -> /b/c
    path = urlsplit(urljoin("http://h/", base.path or "/")).path
    return urlunsplit((base.scheme, base.netloc, path, query, ""))


def _name(pair: tuple[str, str]) -> str:
    return pair[0]
