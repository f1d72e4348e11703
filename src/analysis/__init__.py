"""Khuyến công assessment: annual returns of Vietnam's industrial-extension centres, indicators, reports."""

__version__ = "0.1.0"
