#!/usr/bin/env bash
# Installs the Debian packages the project needs besides Python, only those still missing:
#   chromium           prints the report's HTML to PDF (pipeline/report/pdf.py)
#   poppler-utils      pdftotext/pdfinfo/pdftoppm, for the tests and to look at PDFs
#   fonts-dejavu-core  a font for the report's text, also on a bare machine
#   postgresql         the PostgreSQL server that tests/operations/test_postgres.py starts for the
#                      production instance (deploy/dagster.postgres.yaml); the server, not only psql
# When everything is there it does nothing, so `make setup` may run it every time.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "Systeempakketten ontbreken, ik installeer ze: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Geen apt-get op deze machine (geen Debian?): installeer zelf ${missing[*]}." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "Installeren vraagt root-rechten en sudo ontbreekt: installeer als root ${missing[*]}." >&2
        exit 1
    fi
    SUDO="sudo"
fi
# env passes DEBIAN_FRONTEND through sudo, which would drop it; noninteractive: no questions in CI.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "Systeempakketten geïnstalleerd: ${missing[*]}"
