"""The case model: one YAML file per 付議事項, keys are the form's labels."""
from .case import Case, Category

__all__ = ["Case", "Category"]
