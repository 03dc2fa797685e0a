import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase: SubmissionArchive {
    /// For each unit, the submission that counts for each of `periods` as of `asOf`: the latest received by then.
    ///
    /// Looking from an earlier instant gives the answer that instant gave, whatever arrived since: a synthesis
    /// can be made again, the same, later.
    public func countedSubmissions(schedule: String, periods: [String], asOf: Date) throws -> [CountedSubmission] {
        guard !periods.isEmpty else { return [] }
        return try writer.read { db in
            let marks = Array(repeating: "?", count: periods.count).joined(separator: ", ")
            // On the C API: the rows of nine commune-scale weeks, 30,000, each compared with the one before it without
            // making strings. Read as records instead, a Markdown synthesis took 241–258 ms against 200–212 ms (release
            // build, `Benchmarks/synthesis.sh`'s database, side by side). In the order of the index on (schedule, period,
            // unit, …), so a unit's submissions for a period come together and the latest received (the last stored, on a
            // tie) is kept. Ordering them by receipt as well made SQLite sort every row read, in a third of the query's time.
            let statement = try RawStatement(
                db,
                sql: """
                    SELECT id, unitCode, periodKey, receivedAt, templateVersion FROM submission
                    WHERE scheduleId = ? AND periodKey IN (\(marks)) AND receivedAt <= ?
                    ORDER BY periodKey, unitCode
                    """)
            statement.bind(schedule)
            for period in periods { statement.bind(period) }
            statement.bind(DatabaseTime.text(asOf))
            var counted: [CountedSubmission] = []
            // A period's key and a template's version, each one of a few, made a String once rather than once a row; the
            // unit's code from the bytes already read (30,000 rows, three strings each, were half of this read).
            var (periodTexts, versionTexts) = (TextCache(), TextCache())
            try statement.forEachRow { row in
                let id = row.int64(0), unit = row.bytes(1), period = row.bytes(2), receivedAt = row.instant(3) ?? .distantPast
                // The last one looked at in place (`last` copied it, its texts retained and released) and its texts compared
                // with `memcmp` (through their `utf8` views, 9 million instructions for 30,000 rows).
                if let last = counted.indices.last, counted[last].unitCode.hasSameBytes(as: unit),
                    counted[last].periodKey.hasSameBytes(as: period)
                {
                    guard (receivedAt, id) > (counted[last].receivedAt, counted[last].id) else { return }
                    counted.removeLast()
                }
                counted.append(
                    CountedSubmission(
                        id: id, unitCode: String(decoding: unit.beforeNUL, as: UTF8.self), periodKey: periodTexts.text(period.beforeNUL),
                        receivedAt: receivedAt, templateVersion: versionTexts.text(row.bytes(4).beforeNUL)))
            }
            // Copied to their size (see `inRoomOfItsSize`): a synthesis keeps them through.
            return counted.inRoomOfItsSize()
        }
    }

    /// The numbers of `submissions` for `criteria`, from their packed rows, and their difficulties' fields.
    public func numberTable(of submissions: [Int64], criteria: [String]) throws -> NumberTable {
        let width = criteria.count
        guard !submissions.isEmpty else { return NumberTable(rows: 0, width: width) }
        let columnOf = Dictionary(criteria.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let rowOf = Dictionary(submissions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try writer.read { db in
            // Each layout's criteria asked for: their positions in the packed numbers and their columns in `criteria`.
            var places: [Int64: [(packed: Int, column: Int)]] = [:]
            for layout in try ValueLayoutRecord.fetchAll(db) {
                guard let id = layout.id else { continue }
                places[id] = PackedNumbers.criteria(of: layout.criteria).enumerated().compactMap { k, criterion in
                    columnOf[String(criterion)].map { (k, $0) }
                }
            }
            // The few fields of difficulty, each made a String once rather than once per submission raising it.
            var fieldNames: [(bytes: [UInt8], name: String)] = []
            func field(_ bytes: UnsafeRawBufferPointer.SubSequence) -> Int {
                let bytes = UnsafeRawBufferPointer(rebasing: bytes)
                // Compared with `memcmp`: compared byte by byte as sequences, 60,000 fields took 30 million instructions.
                let found = fieldNames.firstIndex { known in
                    known.bytes.count == bytes.count
                        && (bytes.isEmpty || known.bytes.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
                }
                if let found { return found }
                fieldNames.append((Array(bytes), String(decoding: bytes, as: UTF8.self)))
                return fieldNames.count - 1
            }
            // On the C API, the packed numbers read in place into one table: a synthesis reads 30,000 of them, and a row
            // per value (a million values) took longer to read than everything else a synthesis does (see
            // `PackedNumbers`); an array of its own for each submission, copied into the synthesis' table, was 14 MB at
            // a commune-scale synthesis' peak.
            var table = NumberTable(rows: submissions.count, width: width)
            // Pairs of 32-bit numbers: a commune-scale window raises 90,000 difficulties.
            var raised: [(row: Int32, field: Int32)] = []
            let statement = try Self.numbersStatement(db, of: submissions)
            // The last row's layout kept: a window's rows share one or two, and looking each row's up was 4 million
            // instructions of a commune-scale synthesis.
            var lastLayout: (id: Int64, places: [(packed: Int, column: Int)])?
            try table.numbers.withUnsafeMutableBufferPointer { numbers in
                try statement.forEachRow { row in
                    let layoutId = row.int64(1)
                    if lastLayout?.id != layoutId { lastLayout = places[layoutId].map { (layoutId, $0) } }
                    guard let r = rowOf[row.int64(0)], let layout = lastLayout else { return }
                    let packed = row.blob(2)
                    // The layout's criteria asked for, as many as the row packs.
                    let packedCount = packed.count / 8
                    for (k, c) in layout.places where k < packedCount {
                        numbers[r * width + c] = PackedNumbers.number(packed, k)
                    }
                    // Each field between line feeds, empty ones included (as `split` with `omittingEmptySubsequences: false`
                    // cuts them), without an array of the pieces for each of 30,000 rows.
                    let fields = row.bytes(3)
                    var start = fields.startIndex
                    while !fields.isEmpty {
                        let end = fields[start...].firstIndex(of: 10) ?? fields.endIndex
                        raised.append((Int32(r), Int32(field(fields[start..<end]))))
                        guard end < fields.endIndex else { break }
                        start = end + 1
                    }
                }
            }
            table.setFields(names: fieldNames.map(\.name), raised: raised)
            return table
        }
    }

    /// The text answers of `submissions` to `criteria`.
    public func texts(of submissions: [Int64], criteria: [String]) throws -> [SubmittedText] {
        guard !submissions.isEmpty, !criteria.isEmpty else { return [] }
        return try writer.read { db in
            // The submissions as one JSON list (SQLite caps the number of bound values), the criteria as a list of their
            // own: so SQLite looks up each (submission, criterion) rather than reading every value of each submission. Not
            // by the range of their ids (`SubmissionIds`): SQLite would then read every row of each submission in it, and a
            // database made before numbers were kept once has a row for each of its earlier submissions' numbers too.
            // On the C API, each criterion made a String once: two commune-scale weeks' texts read as records took 20 ms
            // of a synthesis' CPU.
            let marks = Array(repeating: "?", count: criteria.count).joined(separator: ", ")
            let statement = try RawStatement(
                db,
                sql: """
                    SELECT submissionId, criterionId, text FROM submissionValue
                    WHERE \(IdList.submissionIdIn) AND criterionId IN (\(marks)) AND text IS NOT NULL
                    """
            ).bind(IdList.json(submissions))
            for criterion in criteria { statement.bind(criterion) }
            var texts: [SubmittedText] = []
            var names = TextCache()
            try statement.forEachRow { row in
                texts.append(SubmittedText(submission: row.int64(0), criterion: names.text(row.bytes(1)), text: row.text(2) ?? ""))
            }
            return texts
        }
    }

    /// The results, the difficulties and the recommendations of `submissions`, in the order each report gave them.
    public func narrative(of submissions: [Int64]) throws -> [Int64: SubmittedNarrative] {
        guard !submissions.isEmpty else { return [:] }
        let ids = SubmissionIds(submissions)
        return try writer.read { db in
            var narrative: [Int64: SubmittedNarrative] = [:]
            // On the C API, each key (the topics, the fields, the addressees: a few dozen) made a String once: a
            // commune-scale week's 16,000 results with their difficulties and recommendations, read as records, took 33 ms
            // of a synthesis' CPU.
            var keys = TextCache()
            func each(_ sql: String, _ item: (Int64, String, String) -> Void) throws {
                let statement = try RawStatement(db, sql: sql)
                ids.bind(statement)
                try statement.forEachRow { row in
                    let id = row.int64(0)
                    guard ids.asks(id) else { return }
                    // The text as GRDB's records read it, up to a NUL (which no checked report holds).
                    item(id, keys.text(row.bytes(1)), row.text(2) ?? "")
                }
            }
            // One text, or one per topic: a week of the old template and one of the new read alike.
            try each("SELECT id, '', results FROM submission WHERE \(ids.condition("id")) AND results <> ''") { id, topic, text in
                narrative[id, default: SubmittedNarrative()].results.append(TopicText(topic: topic, text: text))
            }
            try each("SELECT submissionId, topic, text FROM resultText WHERE \(ids.condition()) ORDER BY submissionId, position") {
                id, topic, text in narrative[id, default: SubmittedNarrative()].results.append(TopicText(topic: topic, text: text))
            }
            try each("SELECT submissionId, field, text FROM difficulty WHERE \(ids.condition()) ORDER BY submissionId, position") {
                id, field, text in narrative[id, default: SubmittedNarrative()].difficulties.append(NarrativeItem(key: field, text: text))
            }
            try each(
                "SELECT submissionId, addressees, text FROM recommendation WHERE \(ids.condition()) ORDER BY submissionId, position"
            ) { id, addressees, text in
                narrative[id, default: SubmittedNarrative()].recommendations.append(NarrativeItem(key: addressees, text: text))
            }
            return narrative
        }
    }

    /// The warnings stored with `submissions`.
    public func warnings(of submissions: [Int64]) throws -> [Int64: [StoredWarning]] {
        guard !submissions.isEmpty else { return [:] }
        let ids = SubmissionIds(submissions)
        return try writer.read { db in
            var warnings: [Int64: [StoredWarning]] = [:]
            for warning in try WarningRecord.filter(sql: ids.condition(), arguments: ids.arguments)
                .order(WarningRecord.Columns.submissionId, WarningRecord.Columns.position).fetchAll(db) where ids.asks(warning.submissionId)
            {
                warnings[warning.submissionId, default: []].append(
                    StoredWarning(code: warning.code, criterionId: warning.criterionId, location: warning.location, message: warning.message))
            }
            return warnings
        }
    }

    /// The query of the packed numbers of `ids` (rows of other submissions may come too, to be skipped).
    private static func numbersStatement(_ db: Database, of ids: [Int64]) throws -> RawStatement {
        let condition = SubmissionIds(ids)
        let statement = try RawStatement(
            db, sql: "SELECT submissionId, layoutId, numbers, difficultyFields FROM submissionNumbers WHERE " + condition.condition())
        condition.bind(statement)
        return statement
    }
}
