"""Apple App Store Connect customer reviews (API JSON), and generic app-review CSVs.

API: ``{"data": [{"type": "customerReviews", "id": …, "attributes": {"rating", "title",
"body", "reviewerNickname", "createdDate" (ISO with offset), "territory" (USA, CHN …)}}]}``.
There is no language or app version on a review. Third-party app-review CSVs (``Store, App,
Country, Stars, Title, Review, Author, Date, App version …``) are read by header synonyms.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    join_title,
    nfkc,
)
from vocdesk.engine.importers.formats.flat import (
    Cols,
    build_flat,
    flatten,
    header_rows,
    json_rows,
)

SOURCES = {"text": "attributes.title + attributes.body", "rating": "attributes.rating",
           "created_at": "attributes.createdDate", "customer_id": "attributes.reviewerNickname",
           "region": "attributes.territory", "external_id": "id"}

def _is_review(r: dict[str, Any]) -> bool:
    a = r.get("attributes")
    return r.get("type") == "customerReviews" or (
        isinstance(a, dict) and "createdDate" in a and "rating" in a)


def sniff(raw: RawFile) -> float:
    if raw.kind not in ("json", "jsonl"):
        return 0.0
    recs = raw.sample(50)
    if recs and sum(_is_review(r) for r in recs) >= max(1, len(recs) // 2):
        return 0.98
    return 0.0


def convert(raw: RawFile) -> Any:
    rows = [(n, flatten(r)) for n, r in json_rows(raw) if _is_review(r)]

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        canon = {"external_id": v.get("id"),
                 "text": join_title(v.get("attributes.title"), v.get("attributes.body")),
                 "rating": v.get("attributes.rating"),
                 "created_at": v.get("attributes.createdDate"),
                 "customer_id": v.get("attributes.reviewerNickname"),
                 "region": v.get("attributes.territory"),
                 "store": "App Store"}
        return canon, {"id", "attributes.title", "attributes.body", "attributes.rating",
                       "attributes.reviewerNickname", "attributes.territory"}

    return build_flat(raw, "app_store", "app_store", rows, row, SOURCES)


# --- generic app-review CSV (scrapers, AppFollow-like tools) ----------------------------------

def sniff_csv(raw: RawFile) -> float:
    if raw.kind not in ("csv", "tsv", "xlsx"):
        return 0.0
    head = {nfkc(h) for h in raw.header()}
    stars = head & {"stars", "rating", "star rating", "score"}
    body = head & {"review", "content", "review comment", "text", "body"}
    app = head & {"app version", "application version", "version", "app", "store"}
    return 0.7 if stars and body and len(app) >= 2 else 0.0


def convert_csv(raw: RawFile) -> Any:
    names, rows = header_rows(raw)
    c = Cols(names)

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        canon = {"text": join_title(c.get(v, "Title", "Review Title"),
                                    c.get(v, "Review", "Review Comment", "Content", "Text",
                                          "Body")),
                 "rating": c.get(v, "Stars", "Rating", "Star Rating", "Score"),
                 "created_at": c.get(v, "Date", "Review Date", "Created At"),
                 "customer_id": c.text(v, "Author", "App Store User", "User Name", "User"),
                 "region": c.text(v, "Country", "Territory"),
                 "store": c.text(v, "Store"),
                 "product": c.text(v, "App", "App Name", "Application"),
                 "language": c.text(v, "Language", "Lang"),
                 "external_id": c.text(v, "Review ID", "Id")}
        v["app_version"] = c.text(v, "App version", "Application Version", "Version")
        return canon, set(c.used)

    return build_flat(raw, "app_review_csv", "app_store", rows, row)


FORMATS = [Format("app_store", "app_store", sniff, convert,
                  "App Store Connect customer reviews (API JSON)"),
           Format("app_review_csv", "app_store", sniff_csv, convert_csv,
                  "app-review CSV from third-party tools (Store, App, Stars, Review …)")]
