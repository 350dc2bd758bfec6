"""The journey definition: ordered stages, each with ordered touchpoints (versioned).

Touchpoints are values of the taxonomy's ``touchpoint`` facet (their rules live there; a
touchpoint's ``parent`` names its stage); the definition fixes order and grouping for the map.
Without a saved definition the taxonomy's order is used (version 0, "from the taxonomy").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vocdesk.engine.errors import UsageError
from vocdesk.engine.tagging.taxonomy import Taxonomy


@dataclass
class Stage:
    name: str
    touchpoints: list[str] = field(default_factory=list)
    label_zh: str | None = None
    label_en: str | None = None


@dataclass
class JourneyDefinition:
    stages: list[Stage] = field(default_factory=list)
    version: int = 0
    #: touchpoint → {"zh": …, "en": …}: a touchpoint renamed in the editor keeps its value id
    #: (the tags in the data) and shows this label instead of the taxonomy's
    touchpoint_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stages": [{"name": s.name, "label_zh": s.label_zh, "label_en": s.label_en,
                        "touchpoints": list(s.touchpoints)} for s in self.stages]}
        if self.touchpoint_labels:
            out["touchpoint_labels"] = {k: dict(v) for k, v in self.touchpoint_labels.items()}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], version: int = 0) -> JourneyDefinition:
        stages = [Stage(s["name"], list(s.get("touchpoints", [])), s.get("label_zh"),
                        s.get("label_en")) for s in data.get("stages", [])]
        labels = {k: dict(v) for k, v in (data.get("touchpoint_labels") or {}).items()}
        return cls(stages, version, labels)

    def touchpoints(self) -> list[tuple[str, str]]:
        """(stage, touchpoint) in journey order."""
        return [(s.name, t) for s in self.stages for t in s.touchpoints]

    def validate(self) -> None:
        """Raise UsageError for an empty or duplicated stage/touchpoint."""
        seen: set[str] = set()
        names: set[str] = set()
        for s in self.stages:
            if not s.name or s.name in names:
                raise UsageError(f"journey stage {s.name!r} is empty or repeated")
            names.add(s.name)
            for t in s.touchpoints:
                if not t or t in seen:
                    raise UsageError(f"touchpoint {t!r} is empty or in two places")
                seen.add(t)


def from_taxonomy(taxonomy: Taxonomy) -> JourneyDefinition:
    """Stages in the ``stage`` facet's order; touchpoints under the stage named as parent."""
    stage_facet = taxonomy.facet("stage")
    tp_facet = taxonomy.facet("touchpoint")
    stages = [Stage(v.value, [], v.label_zh, v.label_en)
              for v in (stage_facet.values if stage_facet else [])]
    by_name = {s.name: s for s in stages}
    for v in (tp_facet.values if tp_facet else []):
        stage = by_name.get(v.parent or "")
        if stage is None:
            stage = Stage(v.parent or "", [])
            by_name[stage.name] = stage
            stages.append(stage)
        stage.touchpoints.append(v.value)
    return JourneyDefinition([s for s in stages if s.touchpoints], 0)
