"""Deterministic demo data for vocdesk: the invented smart-home brand 青禾智能 (Qinghe).

``generate_demo()`` returns ~24,000 feedback rows over 12 months across seven channels, a
customer table whose churn/repurchase reacts to bad experiences, and four planted stories
(weak signal, cross-department breakpoint, worst touchpoint, improvement) with exact markers.
"""

from vocdesk.engine.demo.catalog import BRAND_EN, BRAND_ZH, PRODUCT_NAMES, PRODUCTS, STORES
from vocdesk.engine.demo.generate import DEMO_SEED, FEEDBACK_COLUMNS, DemoData, generate_demo
from vocdesk.engine.demo.stories import PlantedStory

__all__ = ["BRAND_EN", "BRAND_ZH", "DEMO_SEED", "FEEDBACK_COLUMNS", "PRODUCTS", "PRODUCT_NAMES", "STORES",
           "DemoData", "PlantedStory", "generate_demo"]
