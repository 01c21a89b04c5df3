"""One Dutch sentence for an error that stopped a run, without a traceback."""

from __future__ import annotations

import duckdb

from pipeline.warehouse.lock import WarehouseBusy


def _root(error: BaseException) -> BaseException:
    # Dagster wraps the asset's own exception; the user needs the original.
    seen = set()
    while id(error) not in seen:
        seen.add(id(error))
        user_error = getattr(error, "user_exception", None)
        nested = user_error or error.__cause__
        if nested is None:
            break
        error = nested
    return error


def describe(error: BaseException) -> str:
    root = _root(error)
    message = getattr(root, "dutch_message", None)  # an error that already says what to do (report texts)
    if isinstance(message, str):
        return message
    if isinstance(root, WarehouseBusy):
        return str(root)
    if isinstance(root, duckdb.IOException) and "lock" in str(root).lower():
        return ("het warehouse is in gebruik door een ander proces (bijvoorbeeld een andere run of de "
                "sensor). Wacht tot dat klaar is en probeer het opnieuw.")
    if isinstance(root, PermissionError):
        return f"geen toegang tot {root.filename}. Controleer de rechten op die map."
    if isinstance(root, OSError) and root.strerror:
        return f"{root.strerror} ({root.filename or ''}). Controleer de map en de vrije schijfruimte."
    return f"{type(root).__name__}: {str(root).rstrip('.')}. Meld dit bij de beheerder van de WIR-monitor."
