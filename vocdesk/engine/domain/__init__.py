"""Domain types of the engine: plain data that every layer may use, that imports no layer.

The store sits on top of these (it persists them), the tagging, import and service layers
above it. Nothing here speaks SQL or reads files.
"""

from vocdesk.engine.domain.filters import FeedbackFilter
from vocdesk.engine.domain.tags import TagChange
from vocdesk.engine.domain.taxonomy import Facet, FacetValue, Rule, Taxonomy

__all__ = ["FeedbackFilter", "TagChange", "Taxonomy", "Facet", "FacetValue", "Rule"]
