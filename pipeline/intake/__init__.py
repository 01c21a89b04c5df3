"""Intake: read a submission workbook into normalised frames and findings (pure; reads only the file)."""
