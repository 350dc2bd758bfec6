"""What the explorer (and every later view) filters by: one plain dataclass, saved as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class FeedbackFilter:
    """What the explorer shows. Empty fields do not filter.

    - ``date_from`` / ``date_to``: ``YYYY-MM-DD`` (inclusive), in the workspace time zone;
    - ``channels``, ``segments``: any of these values;
    - ``facets``: facet → values, on *effective* tags (a human tag hides auto tags);
      ``sentiment`` is a shortcut for ``facets["sentiment"]``;
    - ``rating`` / ``nps`` / ``csat`` / ``ces``: ``[low, high]`` inclusive, None = open;
    - ``text``: exact, case-insensitive substring;
    - ``origin``: "human" / "auto": facet matches must come from human (or auto) tags; with no
      facet filter, rows with any human tag / with none;
    - ``has_human``: True / False: rows with / without any human tag;
    - ``ids``: restrict to these rows.
    """

    date_from: str | None = None
    date_to: str | None = None
    channels: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    sentiment: list[str] = field(default_factory=list)
    rating: list[float | None] | None = None
    nps: list[float | None] | None = None
    csat: list[float | None] | None = None
    ces: list[float | None] | None = None
    segments: list[str] = field(default_factory=list)
    text: str = ""
    origin: str | None = None
    has_human: bool | None = None
    ids: list[int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "", [], {})}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedbackFilter:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def facet_filters(self) -> dict[str, list[str]]:
        out = {k: list(v) for k, v in self.facets.items() if v}
        if self.sentiment:
            out["sentiment"] = list(self.sentiment)
        return out

    def is_empty(self) -> bool:
        return not self.to_dict()
