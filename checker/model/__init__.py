"""The case model: one YAML file per 付議事項, keys are the form's labels."""
from .case import Case, Category
from .prebuilt import install as _install

_install(Case)  # its validator: from the cache of the last start, or built (prebuilt.py)

__all__ = ["Case", "Category"]
