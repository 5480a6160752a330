import GRDB

/// The store's migrations: named, ordered, forward-only. Constraints live in the schema. A migration,
/// once released, is never edited: later changes add a new named migration at the end.
enum Schema {
    /// The migrations' names, in order.
    static let migrationNames = [
        "v1-bank-responses-calibrations-sessions-audit",
        "v2-calibration-bank-version",
        "v3-exam-session-event-log",
        "v4-exam-session-simulated",
        "v5-certificate",
        "v6-candidate",
    ]

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-bank-responses-calibrations-sessions-audit") { db in
            try db.execute(sql: """
                CREATE TABLE bank_version (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
                    name TEXT NOT NULL CHECK (name <> ''),
                    label TEXT NOT NULL,
                    parent_id TEXT REFERENCES bank_version(id) ON DELETE RESTRICT,
                    reason TEXT NOT NULL,
                    source TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    manifest TEXT NOT NULL CHECK (json_valid(manifest)),
                    item_count INTEGER NOT NULL CHECK (item_count >= 0)
                );
                CREATE TABLE item (
                    bank_version_id TEXT NOT NULL REFERENCES bank_version(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    item_id TEXT NOT NULL CHECK (item_id <> ''),
                    section TEXT NOT NULL,
                    level TEXT NOT NULL CHECK (level IN ('novice', 'intermediate', 'advanced', 'expert')),
                    type TEXT NOT NULL CHECK (type IN ('multiple-choice', 'graded')),
                    status TEXT NOT NULL CHECK (status IN ('draft', 'pretest', 'operational', 'retired')),
                    content TEXT NOT NULL CHECK (json_valid(content)),
                    PRIMARY KEY (bank_version_id, item_id),
                    UNIQUE (bank_version_id, position)
                );
                CREATE TABLE response_set (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    source_file TEXT NOT NULL,
                    bank_version_id TEXT REFERENCES bank_version(id) ON DELETE RESTRICT,
                    persons INTEGER NOT NULL CHECK (persons >= 0),
                    items INTEGER NOT NULL CHECK (items >= 0),
                    missing_share REAL NOT NULL CHECK (missing_share BETWEEN 0 AND 1),
                    has_raw INTEGER NOT NULL CHECK (has_raw IN (0, 1)),
                    group_names TEXT NOT NULL CHECK (json_valid(group_names)),
                    created_at TEXT NOT NULL,
                    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64)
                );
                CREATE TABLE response_set_item (
                    response_set_id TEXT NOT NULL REFERENCES response_set(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    item_id TEXT NOT NULL CHECK (item_id <> ''),
                    category_count INTEGER NOT NULL CHECK (category_count BETWEEN 2 AND 255),
                    PRIMARY KEY (response_set_id, position),
                    UNIQUE (response_set_id, item_id)
                );
                CREATE TABLE response (
                    response_set_id TEXT NOT NULL REFERENCES response_set(id) ON DELETE CASCADE,
                    person_index INTEGER NOT NULL CHECK (person_index >= 0),
                    person_id TEXT NOT NULL CHECK (person_id <> ''),
                    responses BLOB NOT NULL,
                    raw TEXT CHECK (raw IS NULL OR json_valid(raw)),
                    groups TEXT CHECK (groups IS NULL OR json_valid(groups)),
                    PRIMARY KEY (response_set_id, person_index),
                    UNIQUE (response_set_id, person_id)
                );
                CREATE TABLE calibration (
                    id TEXT PRIMARY KEY NOT NULL,
                    response_set_id TEXT NOT NULL REFERENCES response_set(id) ON DELETE RESTRICT,
                    model TEXT NOT NULL,
                    settings TEXT NOT NULL CHECK (json_valid(settings)),
                    result TEXT NOT NULL CHECK (json_valid(result)),
                    created_at TEXT NOT NULL
                );
                CREATE TABLE item_parameters (
                    bank_version_id TEXT NOT NULL,
                    item_id TEXT NOT NULL,
                    model TEXT NOT NULL CHECK (model IN ('rasch', '2pl', '3pl', '4pl', 'grm', 'gpcm')),
                    parameters TEXT NOT NULL CHECK (json_valid(parameters)),
                    calibration_id TEXT REFERENCES calibration(id) ON DELETE RESTRICT,
                    PRIMARY KEY (bank_version_id, item_id),
                    FOREIGN KEY (bank_version_id, item_id) REFERENCES item(bank_version_id, item_id) ON DELETE RESTRICT
                );
                CREATE TABLE exam_session (
                    id TEXT PRIMARY KEY NOT NULL,
                    bank_version_id TEXT NOT NULL REFERENCES bank_version(id) ON DELETE RESTRICT,
                    candidate TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('created', 'in-progress', 'finished', 'abandoned')),
                    rng_state BLOB,
                    settings TEXT CHECK (settings IS NULL OR json_valid(settings)),
                    result TEXT CHECK (result IS NULL OR json_valid(result)),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE session_response (
                    session_id TEXT NOT NULL REFERENCES exam_session(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    item_id TEXT NOT NULL,
                    response INTEGER CHECK (response IS NULL OR response BETWEEN 0 AND 254),
                    raw TEXT,
                    presented_at TEXT NOT NULL,
                    answered_at TEXT,
                    theta REAL,
                    standard_error REAL,
                    PRIMARY KEY (session_id, position)
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail TEXT NOT NULL CHECK (json_valid(detail))
                );
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
                CREATE INDEX item_by_section ON item(bank_version_id, section);
                CREATE INDEX response_set_by_bank ON response_set(bank_version_id);
                """)
        }
        // A calibration points at the bank version carrying its parameters, so that it can be read back
        // with its result. Calibrations recorded before take the version their parameters are stored in.
        migrator.registerMigration("v2-calibration-bank-version") { db in
            try db.execute(sql: """
                ALTER TABLE calibration ADD COLUMN bank_version_id TEXT REFERENCES bank_version(id) ON DELETE RESTRICT;
                UPDATE calibration SET bank_version_id = (
                    SELECT min(bank_version_id) FROM item_parameters WHERE calibration_id = calibration.id);
                CREATE INDEX calibration_by_response_set ON calibration(response_set_id);
                """)
        }
        // Exam sessions become append-only event logs (the adaptive-exam issues define the events). The
        // placeholder tables of v1 were never written by any engine; the migration refuses to drop them
        // if someone did write to them.
        migrator.registerMigration("v3-exam-session-event-log") { db in
            let placeholderRows = (try Int.fetchOne(db, sql: "SELECT count(*) FROM exam_session") ?? 0)
                + (try Int.fetchOne(db, sql: "SELECT count(*) FROM session_response") ?? 0)
            guard placeholderRows == 0 else {
                throw StoreError(.corrupt("the placeholder tables exam_session/session_response hold \(placeholderRows) rows "
                    + "that no mentorcert release wrote; copy them out and empty the tables before opening this store"))
            }
            try db.execute(sql: """
                DROP TABLE session_response;
                DROP TABLE exam_session;
                CREATE TABLE exam_session (
                    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
                    candidate TEXT NOT NULL CHECK (candidate <> ''),
                    bank_version_id TEXT NOT NULL REFERENCES bank_version(id) ON DELETE RESTRICT,
                    assessment TEXT NOT NULL CHECK (assessment <> ''),
                    attempt INTEGER NOT NULL CHECK (attempt >= 1),
                    state TEXT NOT NULL CHECK (state IN ('in-progress', 'finished', 'abandoned')),
                    started_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX exam_session_by_candidate ON exam_session(candidate, assessment, attempt);
                CREATE INDEX exam_session_by_bank ON exam_session(bank_version_id);
                CREATE TABLE exam_session_event (
                    session_id TEXT NOT NULL REFERENCES exam_session(id) ON DELETE RESTRICT,
                    sequence INTEGER NOT NULL CHECK (sequence >= 0),
                    type TEXT NOT NULL CHECK (type <> ''),
                    payload TEXT NOT NULL CHECK (json_valid(payload)),
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (session_id, sequence)
                ) WITHOUT ROWID;
                CREATE TRIGGER exam_session_event_in_sequence BEFORE INSERT ON exam_session_event
                WHEN NEW.sequence <> (SELECT count(*) FROM exam_session_event WHERE session_id = NEW.session_id)
                BEGIN SELECT RAISE(ABORT, 'exam_session_event: a session''s events are numbered 0, 1, 2, ... without gaps'); END;
                CREATE TRIGGER exam_session_event_no_update BEFORE UPDATE ON exam_session_event
                BEGIN SELECT RAISE(ABORT, 'exam_session_event is append-only: events cannot be changed'); END;
                CREATE TRIGGER exam_session_event_no_delete BEFORE DELETE ON exam_session_event
                BEGIN SELECT RAISE(ABORT, 'exam_session_event is append-only: events cannot be deleted'); END;
                """)
        }
        // Sessions run by `exam simulate --record` (simulated candidates through the real session engine)
        // are marked, so that programmes can be tested on real sessions and told apart from candidates'.
        migrator.registerMigration("v4-exam-session-simulated") { db in
            try db.execute(sql: """
                ALTER TABLE exam_session ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1));
                """)
        }
        // Certificates (ISO/IEC 17024 §9.4–9.8): the fields fixed at issue and the signed document, one per
        // session; the status (valid, suspended, withdrawn) is not part of the signed document.
        migrator.registerMigration("v5-certificate") { db in
            try db.execute(sql: """
                CREATE TABLE certificate (
                    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
                    session_id TEXT NOT NULL UNIQUE REFERENCES exam_session(id) ON DELETE RESTRICT,
                    candidate TEXT NOT NULL CHECK (candidate <> ''),
                    level TEXT NOT NULL CHECK (level <> ''),
                    bank_version_id TEXT NOT NULL REFERENCES bank_version(id) ON DELETE RESTRICT,
                    issued TEXT NOT NULL CHECK (length(issued) = 10),
                    valid_until TEXT NOT NULL CHECK (length(valid_until) = 10 AND valid_until > issued),
                    recertification_due TEXT NOT NULL CHECK (length(recertification_due) = 10),
                    simulated INTEGER NOT NULL CHECK (simulated IN (0, 1)),
                    key_id TEXT NOT NULL CHECK (key_id <> ''),
                    document TEXT NOT NULL CHECK (json_valid(document)),
                    status TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'withdrawn')),
                    status_changed_at TEXT NOT NULL,
                    status_reason TEXT
                );
                CREATE INDEX certificate_by_candidate ON certificate(candidate);
                CREATE TRIGGER certificate_signed_fields_fixed BEFORE UPDATE ON certificate
                WHEN NEW.id IS NOT OLD.id OR NEW.session_id IS NOT OLD.session_id OR NEW.candidate IS NOT OLD.candidate
                  OR NEW.level IS NOT OLD.level OR NEW.bank_version_id IS NOT OLD.bank_version_id
                  OR NEW.issued IS NOT OLD.issued OR NEW.valid_until IS NOT OLD.valid_until
                  OR NEW.recertification_due IS NOT OLD.recertification_due OR NEW.simulated IS NOT OLD.simulated
                  OR NEW.key_id IS NOT OLD.key_id OR NEW.document IS NOT OLD.document
                BEGIN SELECT RAISE(ABORT, 'certificate: the signed fields are fixed at issue; only the status changes'); END;
                CREATE TRIGGER certificate_withdrawn_is_final BEFORE UPDATE ON certificate
                WHEN OLD.status = 'withdrawn'
                BEGIN SELECT RAISE(ABORT, 'certificate: a withdrawn certificate cannot change status'); END;
                CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate
                BEGIN SELECT RAISE(ABORT, 'certificate: certificates are never deleted; withdraw one instead'); END;
                """)
        }
        // Candidates and their attributes (programme, region, sector …) for cohort reports. Sessions name
        // candidates by id without a foreign key: a candidate may sit an exam before being imported.
        migrator.registerMigration("v6-candidate") { db in
            try db.execute(sql: """
                CREATE TABLE candidate (
                    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
                    attributes TEXT NOT NULL CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TRIGGER candidate_no_delete BEFORE DELETE ON candidate
                BEGIN SELECT RAISE(ABORT, 'candidate: candidates are never deleted; their sessions and audit entries name them'); END;
                """)
        }
        return migrator
    }
}
