"""A realistic demo set of submissions, written with the real template."""

from pipeline.demo.generator import write_demo

__all__ = ["write_demo"]
