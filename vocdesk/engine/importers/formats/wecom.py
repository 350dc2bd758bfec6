"""企业微信 会话内容存档 (chat archive): decrypted messages as JSON Lines (or a JSON list).

A message: ``msgid, action (send|recall|switch), from, tolist[], roomid ("" for 1:1),
msgtime (epoch milliseconds, UTC), msgtype ("text", "image" …)`` and a type object such as
``text{content}``. Text messages become feedback; recalls, switches and non-text messages
are left out (counted in the notes). The raw SDK page (``chatdata`` with
``encrypt_chat_msg``) is encrypted and refused with an explanation.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.errors import InputError
from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    from_epoch_ms,
)
from vocdesk.engine.importers.formats.flat import (
    build_flat,
    flatten,
    json_rows,
)
from vocdesk.engine.importers.values import cell_text

SOURCES = {"text": "text.content", "created_at": "msgtime (epoch ms, UTC)",
           "external_id": "msgid", "customer_id": "from"}

def _is_msg(r: dict[str, Any]) -> bool:
    return "msgid" in r and "msgtime" in r and ("msgtype" in r or "action" in r)


def _encrypted(raw: RawFile) -> bool:
    data = raw.json()
    return isinstance(data, dict) and isinstance(data.get("chatdata"), list) and \
        any(isinstance(x, dict) and "encrypt_chat_msg" in x for x in data["chatdata"])


def sniff(raw: RawFile) -> float:
    if raw.kind not in ("json", "jsonl"):
        return 0.0
    if raw.kind == "json" and _encrypted(raw):
        return 0.9
    recs = raw.sample(50)
    return 0.97 if recs and sum(map(_is_msg, recs)) >= max(1, len(recs) // 2) else 0.0


def convert(raw: RawFile) -> Any:
    if raw.kind == "json" and _encrypted(raw):
        raise InputError(raw.spath, reason="企业微信 chat archive page is still encrypted "
                                           "(encrypt_chat_msg); decrypt it with the WeWork "
                                           "Finance SDK and save the messages as JSON Lines")
    left_out: dict[str, int] = {}
    rows = []
    for n, r in json_rows(raw):
        if not _is_msg(r):
            continue
        kind = str(r.get("msgtype") or r.get("action"))
        if r.get("action", "send") != "send" or kind != "text":
            key = r.get("action") if r.get("action", "send") != "send" else kind
            left_out[key] = left_out.get(key, 0) + 1
            continue
        flat = flatten(r)
        # external contacts' ids start with wo / wm (staff use their own account names);
        # a guess from the id form, kept as an attribute so staff replies can be filtered
        flat["sender_kind"] = "external" if str(r.get("from", "")).startswith(("wo", "wm")) \
            else "internal"
        rows.append((n, flat))

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        return ({"external_id": cell_text(v.get("msgid")) or None,
                 "text": cell_text(v.get("text.content")),
                 "created_at": from_epoch_ms(v.get("msgtime")),
                 "customer_id": cell_text(v.get("from")) or None},
                {"msgid", "text.content", "msgtime", "from", "msgtype"})

    table = build_flat(raw, "wecom", "chat", rows, row, SOURCES)
    if left_out:
        table.notes.append("left out (not text): " + ", ".join(
            f"{k} {v}" for k, v in sorted(left_out.items())))
    return table


FORMATS = [Format("wecom", "chat", sniff, convert, "企业微信 会话内容存档 messages (JSONL)")]
