"""The DuckDB schema. Every statement is idempotent so any process can ensure it on connect."""

from __future__ import annotations

import duckdb

STATEMENTS = (
    "CREATE SEQUENCE IF NOT EXISTS submission_ids START 1",
    # Register of every file ever seen, by content. Written before anything else is done with it.
    """CREATE TABLE IF NOT EXISTS received_files (
        sha256 VARCHAR PRIMARY KEY,
        file_name VARCHAR NOT NULL,
        raw_path VARCHAR NOT NULL,
        archive_path VARCHAR NOT NULL,
        size_bytes BIGINT NOT NULL,
        received_at TIMESTAMP NOT NULL,
        archived_at TIMESTAMP NOT NULL,
        peildatum VARCHAR,
        zorgkantoor VARCHAR
    )""",
    # Added later, so ALTER (a warehouse made before keeps its rows): the file's own time (informative, it breaks
    # ties between files received in the same second), its path as raw bytes (a name need not be UTF-8),
    # whether it was copied into the archive (not when too large) and where it came from.
    "ALTER TABLE received_files ADD COLUMN IF NOT EXISTS modified_at TIMESTAMP",
    "ALTER TABLE received_files ADD COLUMN IF NOT EXISTS raw_path_bytes BLOB",
    "ALTER TABLE received_files ADD COLUMN IF NOT EXISTS copied BOOLEAN DEFAULT true",
    "ALTER TABLE received_files ADD COLUMN IF NOT EXISTS source VARCHAR",
    # Every judged file: one version of one zorgkantoor's submission for one peildatum.
    """CREATE TABLE IF NOT EXISTS submissions (
        submission_id INTEGER PRIMARY KEY DEFAULT nextval('submission_ids'),
        sha256 VARCHAR NOT NULL UNIQUE,
        file_name VARCHAR NOT NULL,
        zorgkantoor VARCHAR,
        peildatum VARCHAR,
        peildatum_date DATE,
        received_at TIMESTAMP NOT NULL,
        validated_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('geaccepteerd', 'afgewezen')),
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        supersedes INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS findings (
        submission_id INTEGER NOT NULL,
        finding_no INTEGER NOT NULL,
        severity VARCHAR NOT NULL CHECK (severity IN ('fout', 'waarschuwing')),
        rule VARCHAR NOT NULL,
        sheet VARCHAR,
        excel_row INTEGER,
        column_name VARCHAR,
        value VARCHAR,
        message VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        PRIMARY KEY (submission_id, finding_no)
    )""",
    """CREATE TABLE IF NOT EXISTS submission_regions (
        submission_id INTEGER NOT NULL,
        excel_row INTEGER NOT NULL,
        regio VARCHAR NOT NULL,
        afspraken VARCHAR NOT NULL,
        dynamiek VARCHAR NOT NULL,
        visie VARCHAR NOT NULL,
        toelichting VARCHAR,
        PRIMARY KEY (submission_id, regio)
    )""",
    """CREATE TABLE IF NOT EXISTS submission_projects (
        submission_id INTEGER NOT NULL,
        excel_row INTEGER NOT NULL,
        project_id VARCHAR NOT NULL,
        projectnaam VARCHAR NOT NULL,
        regio VARCHAR NOT NULL,
        hoofdrubriek VARCHAR NOT NULL,
        startjaar INTEGER NOT NULL,
        projectstatus VARCHAR NOT NULL,
        aantal_betrokken INTEGER,
        impact VARCHAR NOT NULL,
        delen VARCHAR NOT NULL,
        opschaalbaarheid VARCHAR NOT NULL,
        begroting DOUBLE,
        toelichting VARCHAR,
        PRIMARY KEY (submission_id, project_id)
    )""",
    # Reference data as loaded from the project's CSV files.
    """CREATE TABLE IF NOT EXISTS ref_regions (
        regio VARCHAR PRIMARY KEY,
        zorgkantoorregio VARCHAR NOT NULL,
        concessiehouder VARCHAR NOT NULL,
        rapportagegroep VARCHAR NOT NULL,
        in_rapportage BOOLEAN NOT NULL,
        region_order INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ref_vocabulary (
        dimensie VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        term_order INTEGER NOT NULL,
        PRIMARY KEY (dimensie, code)
    )""",
    # A locked (vastgestelde) peildatum: the submissions judged up to the lock are the ones its tables use.
    """CREATE TABLE IF NOT EXISTS period_locks (
        peildatum VARCHAR PRIMARY KEY,
        locked_at TIMESTAMP NOT NULL,
        locked_by VARCHAR NOT NULL,
        reason VARCHAR,
        last_submission_id INTEGER NOT NULL
    )""",
    "CREATE SEQUENCE IF NOT EXISTS period_event_ids START 1",
    # What changed the numbers of a peildatum, and who did it: locks, reopenings, superseding files.
    """CREATE TABLE IF NOT EXISTS period_events (
        event_id INTEGER PRIMARY KEY DEFAULT nextval('period_event_ids'),
        peildatum VARCHAR NOT NULL,
        event VARCHAR NOT NULL CHECK (event IN ('vastgesteld', 'heropend', 'vervangen', 'na_vaststelling')),
        happened_at TIMESTAMP NOT NULL,
        who VARCHAR,
        reason VARCHAR,
        submission_id INTEGER
    )""",
    # The submissions the tables of each peildatum may use: all, or up to the lock.
    """CREATE OR REPLACE VIEW reported_submissions AS
        SELECT s.* FROM submissions s LEFT JOIN period_locks l ON l.peildatum = s.peildatum
        WHERE l.peildatum IS NULL OR s.submission_id <= l.last_submission_id""",
    # The version in force: the latest accepted file per zorgkantoor and peildatum (up to a lock).
    """CREATE OR REPLACE VIEW current_submissions AS
        SELECT * FROM reported_submissions
        WHERE status = 'geaccepteerd'
        QUALIFY row_number() OVER (
            PARTITION BY zorgkantoor, peildatum ORDER BY received_at DESC, submission_id DESC) = 1""",
    # The latest accepted file regardless of a lock: what a new file supersedes.
    """CREATE OR REPLACE VIEW latest_submissions AS
        SELECT * FROM submissions
        WHERE status = 'geaccepteerd'
        QUALIFY row_number() OVER (
            PARTITION BY zorgkantoor, peildatum ORDER BY received_at DESC, submission_id DESC) = 1""",
    # Conformed tables, rebuilt per peildatum by the warehouse assets.
    """CREATE TABLE IF NOT EXISTS regions_per_peildatum (
        peildatum VARCHAR NOT NULL,
        regio VARCHAR NOT NULL,
        zorgkantoorregio VARCHAR NOT NULL,
        concessiehouder VARCHAR NOT NULL,
        rapportagegroep VARCHAR NOT NULL,
        in_rapportage BOOLEAN NOT NULL,
        region_order INTEGER NOT NULL,
        afspraken VARCHAR NOT NULL,
        afspraken_label VARCHAR NOT NULL,
        dynamiek VARCHAR NOT NULL,
        dynamiek_label VARCHAR NOT NULL,
        visie VARCHAR NOT NULL,
        visie_label VARCHAR NOT NULL,
        toelichting VARCHAR,
        submission_id INTEGER NOT NULL,
        PRIMARY KEY (peildatum, regio)
    )""",
    """CREATE TABLE IF NOT EXISTS projects_per_peildatum (
        peildatum VARCHAR NOT NULL,
        concessiehouder VARCHAR NOT NULL,
        project_id VARCHAR NOT NULL,
        projectnaam VARCHAR NOT NULL,
        regio VARCHAR NOT NULL,
        zorgkantoorregio VARCHAR NOT NULL,
        rapportagegroep VARCHAR NOT NULL,
        in_rapportage BOOLEAN NOT NULL,
        hoofdrubriek VARCHAR NOT NULL,
        hoofdrubriek_label VARCHAR NOT NULL,
        startjaar INTEGER NOT NULL,
        projectstatus VARCHAR NOT NULL,
        projectstatus_label VARCHAR NOT NULL,
        aantal_betrokken INTEGER,
        impact VARCHAR NOT NULL,
        impact_label VARCHAR NOT NULL,
        delen VARCHAR NOT NULL,
        delen_label VARCHAR NOT NULL,
        opschaalbaarheid VARCHAR NOT NULL,
        opschaalbaarheid_label VARCHAR NOT NULL,
        begroting DOUBLE,
        toelichting VARCHAR,
        submission_id INTEGER NOT NULL,
        PRIMARY KEY (peildatum, concessiehouder, project_id)
    )""",
    # Every published table of every peildatum, one cell per row: what the workbook and report show.
    """CREATE TABLE IF NOT EXISTS published_tables (
        peildatum VARCHAR NOT NULL,
        table_key VARCHAR NOT NULL,
        sheet VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        dimension VARCHAR NOT NULL,
        row_no INTEGER NOT NULL,
        row_label VARCHAR NOT NULL,
        row_kind VARCHAR NOT NULL,
        block VARCHAR,
        col_no INTEGER NOT NULL,
        col_label VARCHAR NOT NULL,
        col_format VARCHAR NOT NULL,
        number DOUBLE,
        text VARCHAR,
        PRIMARY KEY (peildatum, table_key, row_no, col_no)
    )""",
    # Which peildata `wir-monitor run` completed, with a fingerprint of everything they were made from: a
    # later run skips a peildatum whose fingerprint is unchanged (pipeline/warehouse/processed.py).
    """CREATE TABLE IF NOT EXISTS processed_partitions (
        peildatum VARCHAR NOT NULL,
        scope VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL,
        processed_at TIMESTAMP NOT NULL,
        PRIMARY KEY (peildatum, scope)
    )""",
)


def ensure_schema(connection: duckdb.DuckDBPyConnection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
