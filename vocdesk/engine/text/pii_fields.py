"""Redaction beyond the text column: identifiers become keyed pseudonyms, other fields are
redacted like the text.

Why: the text column was redacted, but customer ids (often a phone number or an e-mail), the
store, every kept attribute, customer attributes and stored import problems held raw numbers.
A phone number used as a customer id cannot simply become "[手机号]": every customer would
then be the same customer. It becomes ``pid_<16 hex>``, an HMAC-SHA256 of the normalised
value under a per-workspace secret (kept in the settings table), so the same phone gives the
same id in feedback and customer files of one workspace and joins still work, while the
original never reaches the file. Without the secret the pseudonym cannot be reversed by
trying the 10^8 numbers of a known prefix; with the file (and so the secret) it can — the
secret protects exports and copies of single tables, not a stolen workspace.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import Counter
from collections.abc import Callable
from typing import Any

from vocdesk.engine.text.redact import may_contain_pii, redact

#: Fields that identify a row or a customer: pseudonymised when they hold PII.
ID_FIELDS = ("external_id", "customer_id", "respondent_id")
#: Free-text fields besides ``text``: redacted with typed placeholders.
TEXT_FIELDS = ("store", "region", "product", "question", "segment")
SECRET_SETTING = "pseudonym_secret"

_FOLD = re.compile(r"[\s\-–—.()（）·]+")


def new_secret() -> str:
    return secrets.token_hex(32)


def pseudonym(value: str, secret: str) -> str:
    """A stable keyed pseudonym of an identifier (spaces/dashes and case do not matter)."""
    norm = _FOLD.sub("", value.strip().lower())
    digest = hmac.new(secret.encode("ascii"), norm.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"pid_{digest[:16]}"


def protect_id(value: str, secret: str, counts: Counter | None = None) -> str:
    """The identifier, or its pseudonym when it contains personal data."""
    res = redact(value)
    if not res.counts:
        return value
    if counts is not None:
        counts.update({f"{k} (id)": n for k, n in res.counts.items()})
    return pseudonym(value, secret)


def protect_text(value: str, counts: Counter | None = None) -> str:
    res = redact(value)
    if res.counts and counts is not None:
        counts.update(res.counts)
    return res.text


def protect_record(rec: dict[str, Any], secret: str, counts: Counter | None = None,
                   attrs_key: str = "attrs") -> dict[str, Any]:
    """Pseudonymise the id fields and redact the free-text fields and attributes of ``rec``
    in place (the ``text`` field is the caller's: it is redacted in bulk)."""
    attrs = rec.get(attrs_key)
    probe = [rec.get(f) for f in (*ID_FIELDS, *TEXT_FIELDS)]
    probe += list(attrs.values()) if attrs else []
    if not may_contain_pii("\n".join(v for v in probe if isinstance(v, str))):
        return rec      # one probe for the whole row: most rows hold nothing to protect
    for f in ID_FIELDS:
        v = rec.get(f)
        if isinstance(v, str) and v:
            rec[f] = protect_id(v, secret, counts)
    for f in TEXT_FIELDS:
        v = rec.get(f)
        if isinstance(v, str) and v:
            rec[f] = protect_text(v, counts)
    attrs = rec.get(attrs_key)
    if attrs:
        rec[attrs_key] = {k: protect_text(v, counts) if isinstance(v, str) else v
                          for k, v in attrs.items()}
    return rec


def redact_message(message: object) -> str:
    """A problem message or log line with any personal data in it redacted."""
    return redact(str(message)).text


def make_protector(secret: str | None) -> Callable[[dict[str, Any], Counter | None], None]:
    """``protect(rec, counts)``; a no-op when redaction is off (``secret`` is None)."""
    if secret is None:
        return lambda rec, counts=None: None
    return lambda rec, counts=None: protect_record(rec, secret, counts) and None


__all__ = ["ID_FIELDS", "TEXT_FIELDS", "SECRET_SETTING", "new_secret", "pseudonym",
           "protect_id", "protect_text", "protect_record", "redact_message", "make_protector"]
