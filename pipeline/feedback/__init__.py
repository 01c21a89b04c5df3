"""Feedback documents for the zorgkantoor: one .xlsx and one .html per judged file."""
