"""Trustpilot service-review exports (CSV/XLSX) and the product-review export.

Service reviews: ``Review Id, Review Created (UTC), Review Stars, Review Title, Review
Content, Review Username, Review Consumer User Id, Source Of Review, Location Name, Domain
Url, …`` with capitalisation that varies (``Review ID``, ``Domain URL``), so names are matched
case-insensitively. Dates are UTC (the header says so). Product reviews: ``review_id, stars,
product_name, product_sku, content, consumer_name, created_at``.
"""

from __future__ import annotations

from typing import Any

from vocdesk.engine.importers.formats.common import (
    Format,
    RawFile,
    join_title,
    language_code,
    nfkc,
    with_zone,
)
from vocdesk.engine.importers.formats.flat import (
    Cols,
    build_flat,
    header_rows,
)
from vocdesk.engine.importers.values import cell_text

PRODUCT = ("review_id", "stars", "product_name", "product_sku", "content", "consumer_name",
           "created_at")


SOURCES = {"text": "Review Title + Review Content", "external_id": "Review Id",
           "created_at": "Review Created (UTC)", "rating": "Review Stars",
           "customer_id": "Review Consumer User Id / Review Username",
           "store": "Location Name", "product": "Webshop Name / Domain Url"}

def title_and_content(title: Any, content: Any) -> str:
    """Title + content, without the title when it is the content itself or a truncated
    prefix of it (Trustpilot fills an empty title with the content's start and "…")."""
    t, b = cell_text(title).strip(), cell_text(content).strip()
    if t and b:
        stem = t.rstrip("…").rstrip(".").rstrip()
        if t == b or (stem and stem != t and b.startswith(stem)):
            return b          # a title that merely starts like the content is kept
    return join_title(t, b)


def sniff(raw: RawFile) -> float:
    head = {nfkc(h) for h in raw.header()}
    if "review created (utc)" in head and head & {"review stars", "review content"}:
        return 0.97
    return 0.0


def sniff_product(raw: RawFile) -> float:
    head = {nfkc(h) for h in raw.header()}
    return 0.8 if sum(p in head for p in PRODUCT) >= 5 and "product_sku" in head else 0.0


def convert(raw: RawFile) -> Any:
    names, rows = header_rows(raw)
    c = Cols(names)

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        canon = {"external_id": c.text(v, "Review Id"),
                 "text": title_and_content(c.get(v, "Review Title"),
                                           c.get(v, "Review Content")),
                 "created_at": with_zone(c.get(v, "Review Created (UTC)"), "UTC"),
                 "rating": c.get(v, "Review Stars"),
                 "customer_id": c.text(v, "Review Consumer User Id", "Review Username"),
                 "store": c.text(v, "Location Name"),
                 "product": c.text(v, "Webshop Name", "Domain Url"),
                 "language": language_code(c.get(v, "Review Language", "Language"))}
        return canon, {c.name(n) for n in ("Review Id", "Review Title", "Review Content",
                                           "Review Created (UTC)", "Review Stars")}

    return build_flat(raw, "trustpilot", "review", rows, row, SOURCES)


def convert_product(raw: RawFile) -> Any:
    names, rows = header_rows(raw)
    c = Cols(names)

    def row(v: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
        canon = {"external_id": c.text(v, "review_id"), "text": c.text(v, "content") or "",
                 "created_at": c.get(v, "created_at"), "rating": c.get(v, "stars"),
                 "customer_id": c.text(v, "consumer_name"),
                 "product": c.text(v, "product_sku", "product_name")}
        return canon, {c.name(n) for n in ("review_id", "content", "created_at", "stars")}

    return build_flat(raw, "trustpilot_product", "review", rows, row)


FORMATS = [Format("trustpilot", "review", sniff, convert, "Trustpilot service-review export"),
           Format("trustpilot_product", "review", sniff_product, convert_product,
                  "Trustpilot product-review export")]
