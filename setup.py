"""Build hook for the one thing pyproject.toml cannot say: ship the top-level ``resources/``
directory as the importable package ``vocdesk_resources`` (see vocdesk/resources.py).

Each sub-directory (fonts, i18n, ...) is listed as a data-only package so that setuptools ships
its files without its "importable package absent from `packages`" warning. Everything else
(metadata, dependencies, scripts) is in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = Path(__file__).parent / "resources"
data_dirs = sorted(p for p in RESOURCES.rglob("*") if p.is_dir() and p.name != "__pycache__")
data_packages = ["vocdesk_resources"] + [
    "vocdesk_resources." + ".".join(p.relative_to(RESOURCES).parts) for p in data_dirs]

setup(
    packages=[*find_packages(include=["vocdesk", "vocdesk.*"]), *data_packages],
    package_dir={"vocdesk_resources": "resources"},
    package_data={"vocdesk": ["py.typed"], **{pkg: ["*"] for pkg in data_packages}},
    exclude_package_data={pkg: ["*.pyc"] for pkg in data_packages},
)
