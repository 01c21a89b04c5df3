"""The submission template a zorgkantoor fills in (Aanleverformat v1)."""

from pipeline.template.writer import TemplateContent, build_template, write_template

__all__ = ["TemplateContent", "build_template", "write_template"]
