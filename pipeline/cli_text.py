"""An argparse parser that speaks Dutch: usage, errors and the help option."""

from __future__ import annotations

import argparse
import sys

_DUTCH = {
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "argumenten",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten zijn verplicht: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
}


def _translate(text: str) -> str:
    return _DUTCH.get(text, text)


class DutchArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        argparse._ = _translate  # argparse looks its texts up through this module-level name
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\n")
