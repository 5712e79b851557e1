"""Hotlink protection as the real image hosts do it: the verdict for a host and a Referer."""
from __future__ import annotations

from urllib.parse import urlsplit


# Public suffixes with two labels that occur on Chinese sites; enough for a fixture.
TWO_LABEL_SUFFIXES = {"com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "co.uk", "com.hk", "com.tw", "co.jp"}


def registrable_domain(host: str) -> str:
    """The last two labels of HOST, or three under a two-label suffix such as com.cn."""
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if ".".join(labels[-2:]) in TWO_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def rule_for(rules: dict[str, dict], host: str) -> dict:
    """Exact host key first, then the longest matching `*.domain` key; default open."""
    if host in rules:
        return rules[host]
    wildcards = sorted((k for k in rules if k.startswith("*.")), key=len, reverse=True)
    return next((rules[k] for k in wildcards if host.endswith(k[1:]) or host == k[2:]), {"hotlink": "open"})


def hotlink_verdict(rule: dict, host: str, referer: str | None, cookie: str | None = None) -> str:
    """"ok", "forbidden" (403) or "placeholder" for a request to HOST with REFERER (and COOKIE header)."""
    kind, site = rule.get("hotlink", "open"), rule.get("site")
    if kind == "require-cookie":
        wanted = rule.get("cookie", "")
        sent = [part.strip() for part in (cookie or "").split(";")]
        return "ok" if wanted and wanted in sent else "forbidden"
    referer_host = (urlsplit(referer).hostname or "") if referer else ""
    home = registrable_domain(urlsplit(site).hostname or host) if site else registrable_domain(host)
    own = bool(referer_host) and (referer_host == host or referer_host == home or referer_host.endswith("." + home))
    if kind == "reject-foreign":
        return "forbidden" if referer and not own else "ok"
    if kind == "require-referer":
        return "ok" if referer else "forbidden"
    if kind == "require-site":
        return "ok" if referer and site and referer.startswith(site) else "forbidden"
    if kind == "placeholder":
        return "ok" if own else "placeholder"
    return "ok"
