import GRDB
import TonghopCore

/// The schema, only ever changed by adding migrations: a shipped migration is never edited.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: submissions, values, narrative, raw files") { db in
            // Raw files are stored once per content hash: a resent file costs nothing, and nothing sent is lost.
            try db.create(table: "rawFile") { t in
                t.primaryKey("sha256", .text)
                t.column("byteCount", .integer).notNull()
                t.column("bytes", .blob).notNull()
            }
            try db.create(table: "submission") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("unitCode", .text).notNull()
                t.column("scheduleId", .text).notNull()
                t.column("periodKey", .text).notNull()
                t.column("periodFirstDay", .text).notNull()
                t.column("periodLastDay", .text).notNull()
                t.column("templateId", .text).notNull()
                t.column("templateVersion", .text).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.column("fileName", .text).notNull()
                t.column("sha256", .text).notNull().references("rawFile")
                t.column("preparedBy", .text)
                t.column("results", .text).notNull()
                // The later submission that replaced this one for the same unit and period; NULL while it counts.
                t.column("supersededById", .integer).references("submission")
            }
            try db.create(index: "submission_on_unitPeriod", on: "submission", columns: ["unitCode", "scheduleId", "periodKey"])
            try db.create(index: "submission_on_sha256", on: "submission", columns: ["sha256"])
            try db.execute(
                sql: """
                    CREATE INDEX submission_current ON submission(scheduleId, periodKey) WHERE supersededById IS NULL
                    """)
            try db.create(table: "submissionValue", options: .withoutRowID) { t in
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("criterionId", .text).notNull()
                t.column("number", .double)
                t.column("text", .text)
                t.primaryKey(["submissionId", "criterionId"])
            }
            try db.create(table: "difficulty") { t in
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("field", .text).notNull()
                t.column("text", .text).notNull()
                t.primaryKey(["submissionId", "position"])
            }
            try db.create(table: "recommendation") { t in
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("addressee", .text).notNull()
                t.column("ministryCode", .text)
                t.column("text", .text).notNull()
                t.primaryKey(["submissionId", "position"])
            }
            try db.create(table: "warning") { t in
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("code", .text).notNull()
                t.column("criterionId", .text)
                t.column("location", .text).notNull()
                t.column("message", .text).notNull()
                t.primaryKey(["submissionId", "position"])
            }
        }
        migrator.registerMigration("v2: on-time limit of each submission, late flags") { db in
            // The limit in force when the report arrived (deadline plus grace), kept so that a later change
            // of the schedule does not rewrite history.
            try db.alter(table: "submission") { t in t.add(column: "onTimeLimit", .datetime) }
            try db.create(table: "lateFlag") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("unitCode", .text).notNull()
                t.column("scheduleId", .text).notNull()
                t.column("periodKey", .text).notNull()
                t.column("deadline", .datetime).notNull()
                t.column("flaggedAt", .datetime).notNull()
                // Set when the report arrives: the flag is resolved, never deleted.
                t.column("resolvedAt", .datetime)
                t.column("resolvedBySubmissionId", .integer).references("submission")
                t.uniqueKey(["unitCode", "scheduleId", "periodKey"])
            }
        }
        migrator.registerMigration("v3: several addressees per recommendation") { db in
            // One problem raised with two ministries is one recommendation: the addressees are kept together, as
            // written in the file ("ministry:BXD; ministry:BTC"), in place of the single addressee of v1.
            try db.alter(table: "recommendation") { t in t.add(column: "addressees", .text).notNull().defaults(to: "") }
            try db.execute(sql: "UPDATE recommendation SET addressees = addressee || COALESCE(':' || ministryCode, '')")
            try db.alter(table: "recommendation") { t in
                t.drop(column: "addressee")
                t.drop(column: "ministryCode")
            }
        }
        migrator.registerMigration("v4: reading many submissions at once") { db in
            // Which report counts for each unit of a period as of an instant: the status board, the late check and
            // the synthesis all ask, and without this index each asks by reading every submission ever stored.
            try db.create(
                index: "submission_on_schedulePeriod", on: "submission",
                columns: ["scheduleId", "periodKey", "unitCode", "receivedAt", "templateVersion"])
            // What a synthesis reads of each submission, packed in one row: its numbers and the fields of its
            // difficulties. A synthesis reads nine periods of a commune-scale year, a million values, and reading them a
            // row each took longer than everything else it does. A layout is the list of criteria a packed row's numbers
            // follow. Numbers are now kept here only; a database written before has them as rows of `submissionValue` too.
            try db.create(table: "valueLayout") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("criteria", .text).notNull().unique()
            }
            try db.create(table: "submissionNumbers") { t in
                t.primaryKey("submissionId", .integer).references("submission", onDelete: .cascade)
                t.column("layoutId", .integer).notNull().references("valueLayout")
                t.column("numbers", .blob).notNull()
                t.column("difficultyFields", .text).notNull()
            }
            try PackedNumbers.backfill(db)
        }
        migrator.registerMigration("v5: access tokens of the HTTP service") { db in
            // Only a token's SHA-256 is kept: whoever reads the database file cannot submit with it. A revoked token
            // stays, so that the list says who had access and until when.
            try db.create(table: "accessToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sha256", .text).notNull().unique()
                t.column("role", .text).notNull().check(sql: "role IN ('unit', 'staff')")
                t.column("unitCode", .text)
                t.column("label", .text).notNull().defaults(to: "")
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
                t.check(sql: "(role = 'unit') = (unitCode IS NOT NULL)")
            }
        }
        migrator.registerMigration("v6: how far the late check has looked") { db in
            // Each run of the late check looked again at every period since the registry began: a year of
            // commune-scale weeks, to find nothing new in all but the last. The mark says which periods a run has
            // already checked against which registry, so the next run looks only at the periods closed since.
            try db.create(table: "lateCheckMark") { t in
                t.primaryKey("scheduleId", .text)
                t.column("registryDigest", .text).notNull()
                t.column("fromDay", .text).notNull()
                t.column("throughFirstDay", .text).notNull()
                t.column("checkedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v7: results by topic") { db in
            // Dispatch 171 asks for the results of each of its contents: a report may give one text per group of its
            // template. Reports that gave one text keep it in `submission.results`.
            try db.create(table: "resultText") { t in
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("topic", .text).notNull()
                t.column("text", .text).notNull()
                t.primaryKey(["submissionId", "position"])
            }
        }
        migrator.registerMigration("v8: progress of assigned tasks") { db in
            // What each report says of its unit's tasks (the register itself is YAML in Templates/tasks/): the state of a
            // task is computed from these rows and the deadline, as of any instant, never stored.
            try db.create(table: "taskProgress") { t in
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("taskId", .text).notNull()
                t.column("status", .text).notNull()
                t.column("completedOn", .text)
                t.column("product", .text).notNull()
                t.column("note", .text).notNull()
                t.primaryKey(["submissionId", "position"])
            }
            try db.create(index: "taskProgress_on_taskId", on: "taskProgress", columns: ["taskId"])
        }
        migrator.registerMigration("v9: flags of overdue tasks") { db in
            // A unit's task flagged once when the late check finds it overdue, resolved (never deleted) when the unit reports
            // it done, keeping both times, as `lateFlag` does for reports.
            try db.create(table: "taskFlag") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("taskId", .text).notNull()
                t.column("unitCode", .text).notNull()
                t.column("deadline", .datetime).notNull()
                t.column("flaggedAt", .datetime).notNull()
                t.column("resolvedAt", .datetime)
                t.column("resolvedBySubmissionId", .integer).references("submission")
                t.uniqueKey(["taskId", "unitCode"])
            }
        }
        migrator.registerMigration("v10: the latest word on each task") { db in
            // The state of a task is decided by its unit's latest word on it. Read from `taskProgress`, that is every word of
            // a year of weekly reports (860,000 rows at commune scale) for each synthesis and late check; this table keeps
            // each unit's latest word on each task, updated as reports are stored, and `taskProgress` keeps the history.
            try db.create(table: "taskLatest", options: .withoutRowID) { t in
                t.column("unitCode", .text).notNull()
                t.column("taskId", .text).notNull()
                t.column("submissionId", .integer).notNull().references("submission", onDelete: .cascade)
                t.column("periodKey", .text).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.column("status", .text).notNull()
                t.column("completedOn", .text)
                t.column("product", .text).notNull()
                t.column("note", .text).notNull()
                t.primaryKey(["unitCode", "taskId"])
            }
            try db.execute(
                sql: """
                    INSERT INTO taskLatest (unitCode, taskId, submissionId, periodKey, receivedAt, status, completedOn, product, note)
                    SELECT unitCode, taskId, submissionId, periodKey, receivedAt, status, completedOn, product, note FROM (
                        SELECT s.unitCode, p.taskId, p.submissionId, s.periodKey, s.receivedAt, p.status, p.completedOn, p.product, p.note,
                               ROW_NUMBER() OVER (PARTITION BY s.unitCode, p.taskId ORDER BY s.receivedAt DESC, p.submissionId DESC) AS rank
                        FROM taskProgress p JOIN submission s ON s.id = p.submissionId)
                    WHERE rank = 1
                    """)
        }
        migrator.registerMigration("v11: review of reports, corrections due, the audit log") { db in
            // Each decision of MoHA's staff on a report, appended: the state of a report is its latest decision (none:
            // received). A decision never changes what was stored of the report.
            try db.create(table: "review") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("submissionId", .integer).notNull().references("submission")
                t.column("decision", .text).notNull().check(sql: "decision IN ('accept', 'return', 'reopen')")
                t.column("state", .text).notNull().check(sql: "state IN ('received', 'accepted', 'returned')")
                t.column("reason", .text).notNull()
                // The criteria the reason is about, their ids one per line.
                t.column("criteria", .text).notNull()
                t.column("reviewer", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("correctionDue", .datetime)
            }
            try db.create(index: "review_on_submission", on: "review", columns: ["submissionId", "at"])
            // A returned report whose correction was not received by its due time, as `lateFlag` is for a report: one per
            // return (a report returned, accepted, reopened and returned again is flagged again).
            try db.create(table: "correctionFlag") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("reviewId", .integer).notNull().unique().references("review")
                t.column("submissionId", .integer).notNull().references("submission")
                t.column("unitCode", .text).notNull()
                t.column("scheduleId", .text).notNull()
                t.column("periodKey", .text).notNull()
                t.column("due", .datetime).notNull()
                t.column("flaggedAt", .datetime).notNull()
                t.column("resolvedAt", .datetime)
                t.column("resolvedBySubmissionId", .integer).references("submission")
            }
            // Who did what, from where: every action that changes something.
            try db.create(table: "auditEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("address", .text)
                t.column("action", .text).notNull()
                t.column("unitCode", .text)
                t.column("subjectId", .integer)
                t.column("detail", .text).notNull()
            }
            // No index on the log: each index is one more page written and synced with every upload's commit, and the log
            // is read rarely, by staff, from its newest end (by rowid).
            // Appended to, never rewritten: the database itself refuses to change or delete a decision or an entry.
            for table in ["review", "auditEntry"] { try appendOnly(table, db) }
        }
        migrator.registerMigration("v12: the outbox of mail") { db in
            // Mail to send, queued in the same transaction as what it announces (a receipt, a return), so that neither a
            // crash nor a mail server that is down loses one; sent and retried by the sender. `key` keeps a notice once.
            try db.create(table: "outboxMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("key", .text).notNull().unique()
                // The recipients, one per line.
                t.column("recipients", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("body", .text).notNull()
                t.column("queuedAt", .datetime).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("sentAt", .datetime)
                t.column("failedAt", .datetime)
                t.column("lastError", .text)
            }
            try db.execute(
                sql: "CREATE INDEX outboxMessage_due ON outboxMessage(nextAttemptAt) WHERE sentAt IS NULL AND failedAt IS NULL")
        }
        migrator.registerMigration("v13: the staff's assessment of each period") { db in
            // What staff write of a period, closing its synthesis: each version kept, the latest written by the
            // synthesis' instant printed. A handful a week: the index serves the synthesis and the board.
            try db.create(table: "assessment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scheduleId", .text).notNull()
                t.column("periodKey", .text).notNull()
                t.column("text", .text).notNull()
                t.column("author", .text).notNull()
                t.column("writtenAt", .datetime).notNull()
            }
            try db.create(index: "assessment_of_period", on: "assessment", columns: ["scheduleId", "periodKey", "writtenAt"])
            try appendOnly("assessment", db)
        }
        migrator.registerMigration("v14: how far the check of overdue tasks has looked") { db in
            // One row: the tasks and units the last check of overdue tasks was made against, its instant and the newest
            // submission it had read. A later run on the same day looks only at what changed since (issue 26).
            try db.create(table: "taskCheckMark") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("digest", .text).notNull()
                t.column("checkedAt", .datetime).notNull()
                t.column("throughSubmissionId", .integer).notNull()
            }
        }
        // With foreign keys on: deferred, GRDB checks every foreign key of the database after the migration, 0.45 s of a
        // commune-scale year's first command after the upgrade, for a column that refers to nothing.
        migrator.registerMigration("v15: when the words on tasks a check had read were received", foreignKeyChecks: .immediate) { db in
            // An instant by which every word on tasks stored up to a submission had been received, and that submission
            // (NULL: not known, as for a mark left before these columns). When the submission is the mark's newest and the
            // instant no later than the mark's own, a later run finds the units with new words from the submissions stored
            // since, not by reading every latest word (16,605 rows at commune scale, 18 million instructions of each run:
            // issue 26). The submission is kept with the instant because an earlier release, still able to open this
            // database, moves the mark without either.
            try db.alter(table: "taskCheckMark") { t in
                t.add(column: "wordsReceivedBy", .datetime)
                t.add(column: "wordsThroughSubmissionId", .integer)
            }
        }
        return migrator
    }

    /// Makes the database itself refuse to change or delete a row of `table`: what is appended stays as it was.
    /// (The names of the triggers are those migration v11 created; a later migration must not rename them.)
    private static func appendOnly(_ table: String, _ db: Database) throws {
        for event in ["UPDATE", "DELETE"] {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_append_only_\(event.lowercased()) BEFORE \(event) ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                    """)
        }
    }
}
