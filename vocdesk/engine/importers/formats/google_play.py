"""Google Play Console monthly review reports (``reviews_<package>_<YYYYMM>.csv``).

UTF-16 LE with BOM, one header row; 16 columns in the current form, fewer in older files
(no ``App Version Name``, ``Device`` or ``Developer Reply Millis``), so columns are found by
name. There is no id column: the review id is the ``reviewId`` in ``Review Link``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    from_epoch_ms,
    join_title,
    language_code,
    nfkc,
)
from vocdesk.engine.importers.formats.flat import (
    Cols,
    build_flat,
    header_rows,
)

SIGNATURE = ("package name", "star rating", "review text", "review submit date and time",
             "review submit millis since epoch", "reviewer language", "review link",
             "app version code")


SOURCES = {"text": "Review Title + Review Text", "created_at": "Review Submit Date and Time "
           "(or its Millis Since Epoch)", "rating": "Star Rating", "language": "Reviewer Language",
           "product": "Package Name", "external_id": "reviewId in Review Link",
           "app_version": "App Version Name / Code", "device": "Device"}

def sniff(raw: RawFile) -> float:
    head = {nfkc(h) for h in raw.header()}
    hits = sum(1 for s in SIGNATURE if s in head)
    if "star rating" in head and "package name" in head and hits >= 4:
        return 0.98
    return 0.6 if hits >= 4 else 0.0


def review_id(link: Any) -> str | None:
    if not link:
        return None
    url = urlparse(str(link))
    q = parse_qs(url.query)
    if "reviewId" in q:
        return q["reviewId"][0]
    # 2018 console links: …#ReviewDetailsPlace:p=<package>&reviewid=gp:…
    frag = url.fragment.split(":", 1)[1] if ":" in url.fragment else url.fragment
    f = {k.lower(): v for k, v in parse_qs(frag).items()}
    return f.get("reviewid", [None])[0]


def convert(raw: RawFile) -> Any:
    names, rows = header_rows(raw)
    c = Cols(names)

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        created = c.get(v, "Review Submit Date and Time") or \
            from_epoch_ms(c.get(v, "Review Submit Millis Since Epoch"))
        canon = {"text": join_title(c.get(v, "Review Title"), c.get(v, "Review Text")),
                 "created_at": created,
                 "rating": c.get(v, "Star Rating"),
                 "language": language_code(c.get(v, "Reviewer Language")),
                 "product": c.text(v, "Package Name"),
                 "external_id": review_id(c.get(v, "Review Link")),
                 "store": "Google Play"}
        v["app_version"] = c.text(v, "App Version Name") or c.text(v, "App Version Code")
        v["device"] = c.text(v, "Device")
        used = {c.name(n) for n in ("Review Title", "Review Text", "Star Rating",
                                    "Reviewer Language", "Package Name", "Device")}
        return canon, used

    return build_flat(raw, "google_play", "app_store", rows, row, SOURCES)


FORMATS = [Format("google_play", "app_store", sniff, convert,
                  "Google Play Console monthly reviews CSV (UTF-16)")]
