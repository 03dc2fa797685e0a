import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Records a decision, after checking it against the report's state, with its audit entry: one transaction.
    public func review(_ request: ReviewRequest, by actor: Actor, at instant: Date) throws -> Review {
        try writer.write { db in
            guard let submission = try SubmissionRecord.fetchOne(db, key: request.submissionId) else {
                throw ReviewRefusal.unknownSubmission(request.submissionId)
            }
            if let later = submission.supersededById { throw ReviewRefusal.replaced(request.submissionId, by: later) }
            let latest = try Self.reviews(of: [request.submissionId], asOf: nil, db)[request.submissionId]
            // Decisions follow one another: one dated before the report arrived, or before the last decision, would make
            // the trail say what did not happen in that order.
            guard instant >= (latest?.at ?? submission.receivedAt) else {
                throw ReviewRefusal.outOfOrder(request.submissionId, after: latest?.at ?? submission.receivedAt)
            }
            let state = latest?.state ?? .received
            guard let next = state.after(request.decision) else {
                throw ReviewRefusal.notAllowed(request.submissionId, state: state, decision: request.decision)
            }
            var record = ReviewRecord(
                id: nil, submissionId: request.submissionId, decision: request.decision.rawValue, state: next.rawValue, reason: request.reason,
                criteria: request.criteria.joined(separator: "\n"), reviewer: actor.name, at: instant,
                correctionDue: request.decision == .return ? request.correctionDue : nil)
            try record.insert(db)
            if let notice = request.notice { _ = try Self.enqueue([notice], at: instant, db) }
            var audit = AuditEntryRecord(
                .submissionReviewed, by: actor, at: instant, unit: submission.unitCode, subject: request.submissionId,
                detail: request.decision.rawValue)
            try audit.insert(db)
            return try record.review()
        }
    }

    /// Every decision on a report, oldest first.
    public func reviews(of submission: Int64) throws -> [Review] {
        try writer.read { db in
            try ReviewRecord.filter(ReviewRecord.Columns.submissionId == submission).order(ReviewRecord.Columns.at, ReviewRecord.Columns.id)
                .fetchAll(db).map { try $0.review() }
        }
    }

    public func latestReviews(of submissions: [Int64], asOf: Date) throws -> [Int64: Review] {
        guard !submissions.isEmpty else { return [:] }
        return try writer.read { db in try Self.reviews(of: submissions, asOf: asOf, db) }
    }

    /// The latest decision by `asOf` (any time when nil) on each of some reports; a few hundred at most are reviewed a
    /// period, so they are read whole.
    static func reviews(of submissions: [Int64], asOf: Date?, _ db: Database) throws -> [Int64: Review] {
        let ids = SubmissionIds(submissions)
        var request = ReviewRecord.filter(sql: ids.condition(), arguments: ids.arguments)
        if let asOf { request = request.filter(ReviewRecord.Columns.at <= DatabaseTime.text(asOf)) }
        var latest: [Int64: Review] = [:]
        for record in try request.order(ReviewRecord.Columns.at, ReviewRecord.Columns.id).fetchAll(db) where ids.asks(record.submissionId) {
            latest[record.submissionId] = try record.review()
        }
        return latest
    }

    public func reviewQueue(schedule: String?, period: String?, unit: String?, state: ReviewState?) throws -> [ReviewQueueItem] {
        try writer.read { db in
            typealias Columns = SubmissionRecord.Columns
            var request = SubmissionRecord.filter(Columns.supersededById == nil)
            if let schedule { request = request.filter(Columns.scheduleId == schedule) }
            if let period { request = request.filter(Columns.periodKey == period) }
            if let unit { request = request.filter(Columns.unitCode == unit) }
            if let state {
                // The state of a report is its latest decision's, received without one: asked in SQL, so that a unit's
                // returned reports are found without reading every report of every unit.
                request = request.filter(
                    sql: """
                        COALESCE((SELECT r.state FROM review r WHERE r.submissionId = submission.id ORDER BY r.at DESC, r.id DESC LIMIT 1),
                                 'received') = ?
                        """, arguments: [state.rawValue])
            }
            let counting = try Self.summaries(request.order(Columns.receivedAt, Columns.id), db)
            let latest = try Self.reviews(of: counting.map(\.id), asOf: nil, db)
            return counting.map { ReviewQueueItem(submission: $0, review: latest[$0.id]) }
        }
    }

    public func recordCorrectionFlags(at: Date) throws -> CorrectionFlagResult {
        try writer.write { db in
            let at = DatabaseTime.text(at)
            // The correction of a report is the unit's next report for the period, received by `at`.
            let correction = """
                SELECT c.id FROM submission c
                WHERE c.unitCode = s.unitCode AND c.scheduleId = s.scheduleId AND c.periodKey = s.periodKey AND c.receivedAt <= :at
                  AND (c.receivedAt > s.receivedAt OR (c.receivedAt = s.receivedAt AND c.id > s.id))
                ORDER BY c.receivedAt, c.id LIMIT 1
                """
            // The reviews drive both queries (`CROSS JOIN` keeps them the outer loop): a handful a week, against the
            // hundreds of thousands of reports a commune-scale year holds. Unflagged returns still the report's latest
            // decision by `at`, due by then, with no correction: flagged once each.
            let overdue = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, s.id, s.unitCode, s.scheduleId, s.periodKey, r.correctionDue FROM review r CROSS JOIN submission s
                    WHERE s.id = r.submissionId AND r.decision = 'return' AND r.correctionDue <= :at
                      AND r.id = (SELECT l.id FROM review l WHERE l.submissionId = r.submissionId AND l.at <= :at ORDER BY l.at DESC, l.id DESC LIMIT 1)
                      AND NOT EXISTS (SELECT 1 FROM correctionFlag f WHERE f.reviewId = r.id) AND NOT EXISTS (\(correction))
                    """, arguments: ["at": at])
            var result = CorrectionFlagResult()
            for row in overdue {
                var flag = CorrectionFlagRecord(
                    id: nil, reviewId: row[0], submissionId: row[1], unitCode: row[2], scheduleId: row[3], periodKey: row[4],
                    due: DatabaseTime.instant(row[5] as String) ?? .distantPast, flaggedAt: DatabaseTime.instant(at) ?? .distantPast)
                try flag.insert(db)
                result.newlyFlagged.append(flag.flag)
            }
            // An open flag is resolved by the correction's arrival, or by an acceptance of the report after its return.
            let resolving = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.id, c.id, c.receivedAt, a.at FROM correctionFlag f CROSS JOIN submission s
                    LEFT JOIN submission c ON c.id = (\(correction))
                    LEFT JOIN review a ON a.id = (
                        SELECT a2.id FROM review a2 WHERE a2.submissionId = f.submissionId AND a2.decision = 'accept' AND a2.id > f.reviewId
                          AND a2.at <= :at ORDER BY a2.at, a2.id LIMIT 1)
                    WHERE s.id = f.submissionId AND f.resolvedAt IS NULL AND (c.id IS NOT NULL OR a.id IS NOT NULL)
                    """, arguments: ["at": at])
            for row in resolving {
                guard var flag = try CorrectionFlagRecord.fetchOne(db, key: row[0] as Int64) else { continue }
                let correction: Int64? = row[1]
                let when: String = correction != nil ? row[2] : row[3]
                try flag.updateChanges(db) {
                    $0.resolvedAt = DatabaseTime.instant(when)
                    $0.resolvedBySubmissionId = correction
                }
                result.newlyResolved.append(flag.flag)
            }
            result.outstanding = try CorrectionFlagRecord.filter(CorrectionFlagRecord.Columns.resolvedAt == nil)
                .order(CorrectionFlagRecord.Columns.due, CorrectionFlagRecord.Columns.unitCode).fetchAll(db).map(\.flag)
            return result
        }
    }

    public func correctionFlags() throws -> [CorrectionFlag] {
        try writer.read { db in
            try CorrectionFlagRecord.order(CorrectionFlagRecord.Columns.due, CorrectionFlagRecord.Columns.unitCode).fetchAll(db).map(\.flag)
        }
    }

    // MARK: - The audit log

    public func appendAudit(_ action: AuditAction, by actor: Actor, at instant: Date, unit: String?, subject: Int64?, detail: String) throws {
        try writer.write { db in
            var entry = AuditEntryRecord(action, by: actor, at: instant, unit: unit, subject: subject, detail: detail)
            try entry.insert(db)
        }
    }

    public func auditEntries(since: Date?, unit: String?, newest: Int?) throws -> [AuditEntry] {
        try writer.read { db in
            var request = AuditEntryRecord.all()
            if let since { request = request.filter(AuditEntryRecord.Columns.at >= DatabaseTime.text(since)) }
            if let unit { request = request.filter(AuditEntryRecord.Columns.unitCode == unit) }
            guard let newest else { return try request.order(AuditEntryRecord.Columns.id).fetchAll(db).map { try $0.entry() } }
            return try request.order(AuditEntryRecord.Columns.id.desc).limit(newest).fetchAll(db).reversed().map { try $0.entry() }
        }
    }

    public func latestAuditDetail(of action: AuditAction) throws -> String? {
        try writer.read { db in
            try AuditEntryRecord.filter(AuditEntryRecord.Columns.action == action.rawValue).order(AuditEntryRecord.Columns.id.desc)
                .fetchOne(db)?.detail
        }
    }
}
