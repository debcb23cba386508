"""checker: 付議事項の適合性チェッカー (Shinjuku ward, personal-information proposals)."""

__version__ = "0.1.0"
