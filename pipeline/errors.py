"""One Dutch sentence for an error that stopped a command: no traceback, no English library text.

The technical details go to a log file beside the warehouse, which the sentence names.
"""

from __future__ import annotations

import errno
import traceback
from pathlib import Path

import duckdb

from pipeline.warehouse.lock import WarehouseBusy

LOG_NAME = "wir-monitor-fouten.log"

# What the operating system means, in the words of the person at the keyboard.
OS_ERRORS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte voor deze gebruiker is op",
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toegang",
    errno.EROFS: "de schijf of map is alleen-lezen",
    errno.ENOTDIR: "een deel van het pad is een bestand en geen map",
    errno.EISDIR: "dit is een map en geen bestand",
    errno.ENOENT: "bestaat niet",
    errno.EIO: "de schijf gaf een lees- of schrijffout",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EMFILE: "er zijn te veel bestanden tegelijk open",
    errno.ENOMEM: "er is niet genoeg geheugen",
    errno.EEXIST: "een deel van het pad is een bestand en geen map",  # we only meet it from mkdir(exist_ok=True)
}
ACTIONS = {
    errno.ENOSPC: "Maak ruimte vrij op die schijf en voer de opdracht opnieuw uit.",
    errno.EDQUOT: "Maak ruimte vrij op die schijf en voer de opdracht opnieuw uit.",
    errno.EACCES: "Controleer de rechten op die map.",
    errno.EPERM: "Controleer de rechten op die map.",
    errno.EROFS: "Kies een map waarin geschreven mag worden.",
    errno.ENOTDIR: "Controleer het pad: daar staat een bestand waar een map hoort.",
    errno.EEXIST: "Controleer het pad: daar staat een bestand waar een map hoort.",
}


class WarehouseDamaged(Exception):
    """The warehouse file exists but DuckDB cannot open it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"het warehouse-bestand {path} is beschadigd of geen DuckDB-bestand. Het archief bevat alle "
            "aanleveringen: bouw het warehouse daaruit opnieuw op met 'wir-monitor herstel' (het beschadigde "
            "bestand blijft bewaard).")


def dutch_os_error(error: OSError) -> str:
    return OS_ERRORS.get(error.errno, "de schijf of map gaf een fout") if error.errno else \
        "de schijf of map gaf een fout"


def root_cause(error: BaseException) -> BaseException:
    # Dagster wraps the asset's own exception; the user needs the original.
    seen = set()
    while id(error) not in seen and not isinstance(error, WarehouseBusy | WarehouseDamaged):  # already Dutch
        seen.add(id(error))
        user_error = getattr(error, "user_exception", None)
        nested = user_error or error.__cause__
        if nested is None:
            break
        error = nested
    return error


def describe(error: BaseException, log: Path | None = None) -> str:
    """The Dutch sentence for `error`; an unexpected one is written in full to `log` (if given) and named."""
    root = root_cause(error)
    message = getattr(root, "dutch_message", None)  # an error that already says what to do (report texts)
    if isinstance(message, str):
        return message
    if isinstance(root, WarehouseBusy | WarehouseDamaged):
        return str(root)
    if isinstance(root, duckdb.IOException) and "lock" in str(root).lower():
        return ("het warehouse is in gebruik door een ander proces (bijvoorbeeld een andere run of de "
                "sensor). Wacht tot dat klaar is en probeer het opnieuw.")
    if isinstance(root, OSError):
        where = f" ({root.filename})" if root.filename else ""
        action = ACTIONS.get(root.errno, "Controleer de map en de vrije schijfruimte.")
        return f"{dutch_os_error(root)}{where}. {action}"
    if isinstance(root, duckdb.Error) and "space left" in str(root).lower():
        return "de schijf met het warehouse is vol. Maak ruimte vrij en voer de opdracht opnieuw uit."
    written = _log(error, log)
    details = f" De technische details staan in {written}." if written else ""
    return f"er ging onverwacht iets mis.{details} Meld dit bij de beheerder van de WIR-monitor."


def _log(error: BaseException, log: Path | None) -> Path | None:
    if log is None:
        return None
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(error)) + "\n")
    except OSError:
        return None
    return log
