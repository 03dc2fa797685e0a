import Foundation
import Testing
import TonghopCore

/// Every sentence a person can meet is in the catalog, in Vietnamese and in English, with the same blanks.
@Suite struct MessageCatalogTests {
    /// Keys whose words are only blanks and punctuation, the same in both languages.
    static let blanksOnly: Set<MessageKey> = [
        .verdictLine, .latePeriodCount, .lateUnitWithName, .lateTaskUnitLine, .auditLine, .reviewTrailLine, .auditTokenOfUnit, .assessmentInFile,
    ]

    @Test(arguments: MessageKey.allCases)
    func everyMessageHasBothLanguagesWithTheSameBlanks(_ key: MessageKey) {
        let vi = MessageCatalog.text(of: key, in: .vi)
        let en = MessageCatalog.text(of: key, in: .en)
        #expect(!vi.trimmed.isEmpty && !en.trimmed.isEmpty, "\(key) has no words in one language")
        #expect(
            Set(MessageCatalog.blanks(of: key, in: .vi)) == Set(MessageCatalog.blanks(of: key, in: .en)),
            "\(key): the blanks differ between \(vi) and \(en)")
        guard !Self.blanksOnly.contains(key) else { return }
        #expect(vi != en, "\(key) is not translated")
        // Vietnamese is written with its diacritics: a sentence of plain ASCII letters is English left in place.
        let words = vi.replacingOccurrences(of: #"\{[^}]*\}"#, with: "", options: .regularExpression)
        #expect(words.unicodeScalars.contains { $0.value > 0x7F } || Self.asciiVietnamese.contains(key), "\(key): \(vi)")
    }

    /// Every blank is filled, whatever its words hold: Vietnamese, braces, a blank's name, a character that is not ASCII
    /// next to a brace in the catalog's own text ("null, { hoặc [) nhưng gặp {found}").
    @Test(arguments: MessageKey.allCases)
    func everyBlankIsFilledWithAnyText(_ key: MessageKey) {
        let blanks = Set(MessageCatalog.blanks(of: key, in: .vi))
        // The blanks found are every `{name}` or `{name|one|other}` of the words, wherever braces that are text stand.
        for language in Language.allCases {
            let words = MessageCatalog.text(of: key, in: language)
            let named = try! NSRegularExpression(pattern: #"\{([A-Za-z0-9]+)(\|[^{}|]*\|[^{}|]*)?\}"#)
                .matches(in: words, range: NSRange(words.startIndex..., in: words))
                .map { String(words[Range($0.range(at: 1), in: words)!]) }
            #expect(Set(named) == blanks, "\(key) in \(language): \(words)")
        }
        func filling(_ index: Int) -> String { "«Khá {found} \u{00A0}} \(index)»" }
        var arguments = MessageArguments()
        for (index, name) in blanks.sorted().enumerated() { arguments[name] = .text(filling(index)) }
        let message = Message(key, arguments)
        #expect(message.unfilledBlanks.isEmpty)
        for language in Language.allCases {
            let text = message.text(in: language)
            for (index, _) in blanks.sorted().enumerated() {
                #expect(text.contains(filling(index)), "\(key) in \(language): \(text)")
            }
            // What is left of the catalog's words has no blank's name in braces.
            var rest = text
            for index in 0..<blanks.count { rest = rest.replacingOccurrences(of: filling(index), with: "") }
            for name in blanks { #expect(!rest.contains("{\(name)}") && !rest.contains("{\(name)|"), "\(key) in \(language): \(rest)") }
        }
    }

    /// Every message in both languages reads as the sentence the catalog's words make with the blanks filled in: the
    /// same text as filling them through the string's own indices (how it was written before it went over bytes), with
    /// a count of one and of many (a noun's two forms), Vietnamese arguments and braces in them.
    @Test(arguments: MessageKey.allCases)
    func everyMessageReadsAsFillingItsBlanksByCharacters(_ key: MessageKey) {
        for count in [1, 2] {
            var (arguments, written) = (MessageArguments(), [String: String]())
            for (index, name) in MessageCatalog.blanks(of: key, in: .vi).sorted().enumerated() {
                written[name] = index % 2 == 0 ? String(count) : "Thị xã Sơn Tây {found} ế\u{301} \(index)"
                arguments[name] = index % 2 == 0 ? .count(count) : .text(written[name]!)
            }
            let message = Message(key, arguments)
            for language in Language.allCases {
                // Byte for byte: `==` on strings would take a differently composed text for the same.
                #expect(
                    Array(message.text(in: language).utf8) == Array(Self.filledByCharacters(key, written, in: language).utf8), "\(key) in \(language)"
                )
            }
        }
    }

    /// The blanks of `key`'s words filled with `written` through the string's indices, as `Message.text` did before: the
    /// reference it is held to.
    static func filledByCharacters(_ key: MessageKey, _ written: [String: String], in language: Language) -> String {
        let template = MessageCatalog.text(of: key, in: language)
        var (out, rest, scan) = ("", template.startIndex, template.startIndex)
        while let open = template[scan...].firstIndex(of: "{"), let close = template[open...].firstIndex(of: "}") {
            let inside = template[template.index(after: open)..<close]
            let pieces = inside.split(separator: "|", omittingEmptySubsequences: false)
            guard !pieces[0].isEmpty, pieces[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                scan = template.index(after: open)
                continue
            }
            if let text = written[String(pieces[0])] {
                out += template[rest..<open]
                out += text
                if pieces.count == 3 { out += " " + (text == "1" ? pieces[1] : pieces[2]) }
                rest = template.index(after: close)
            }
            scan = template.index(after: close)
        }
        return out + template[rest...]
    }

    /// Vietnamese words that need no diacritics (the names of symbols), checked by reading them once.
    static let asciiVietnamese: Set<MessageKey> = []

    @Test(arguments: IssueCode.allCases)
    func everyIssueCodeHasATitleInBothLanguages(_ code: IssueCode) {
        #expect(!code.title.vi.isEmpty && !code.title.en.isEmpty && code.title.vi != code.title.en)
    }

    @Test func blanksAreFilledAndCountsTakeTheirNoun() {
        let one = Message(
            .verdictSummary,
            [
                "files": .count(1), "accepted": .count(1), "superseding": .count(0), "duplicate": .count(0),
                "rejected": .count(0), "errors": .count(0), "warnings": .count(1),
            ])
        #expect(one.en == "1 file: 1 accepted, 0 superseding, 0 duplicate, 0 rejected; 0 errors, 1 warning")
        #expect(one.vi == "1 tệp: 1 được nhận, 0 thay thế, 0 trùng lặp, 0 bị từ chối; 0 lỗi, 1 cảnh báo")
        #expect(one.unfilledBlanks.isEmpty)
        // A blank left unfilled shows as itself, and the tests below find it.
        let unfilled = Message(.fileTooLarge, ["size": .size(11 << 20)])
        #expect(unfilled.vi.contains("{limit}") && unfilled.unfilledBlanks == ["limit"])
        // Braces that are not a blank's name (a JSON example) are text.
        #expect(Message(.jsonValuesNotObject).en.contains("{\"dc.tasks_received\": 12}"))
        #expect(Message(.jsonValuesNotObject).unfilledBlanks.isEmpty)
    }

    @Test func aCriterionIsNamedByItsLabelThenItsId() {
        let criterion = Criterion(
            id: "dc.tasks_received", group: "dc", label: LocalizedText(vi: "Số nhiệm vụ đã tiếp nhận", en: "Tasks received"),
            unitOfMeasure: "nhiệm vụ", type: .integer, required: true, aggregation: .sum)
        let message = Message(.valueBelowMinimum, ["criterion": .criterion(criterion), "found": .number(-4), "minimum": .number(0)])
        #expect(message.vi == "Chỉ tiêu “Số nhiệm vụ đã tiếp nhận” [dc.tasks_received]: -4 nhỏ hơn giá trị tối thiểu 0.")
        #expect(message.en == "criterion \"Tasks received\" [dc.tasks_received]: found -4, below the minimum 0")
    }

    @Test func placesAreSaidAsPeopleSayThem() {
        let csv = SourceLocation(file: "HN.csv", line: 29, row: 29, column: "value")
        #expect(csv.text(in: .vi) == "HN.csv, hàng 29, cột giá trị")
        #expect(csv.text(in: .en) == "HN.csv, row 29, column value")
        #expect(SourceLocation(file: "HN.json", line: 44).place(in: .vi) == "dòng 44")
        #expect(SourceLocation(file: "HN.xlsx", cell: "Báo cáo!D14").place(in: .vi) == "ô D14 trang Báo cáo")
        #expect(SourceLocation(file: "HN.xlsx", cell: "Báo cáo!D14").place(in: .en) == "cell D14 of sheet Báo cáo")
        #expect(SourceLocation(file: "HN.json").text(in: .vi) == "HN.json")
    }

    @Test func datesWeeksAndLengthsOfTimeAreVietnamese() throws {
        let vi = Language.vi
        #expect(vi.date(LocalDate(year: 2025, month: 11, day: 6)) == "06/11/2025")
        #expect(vi.period("2025-W46") == "tuần 46 năm 2025" && vi.period("2025-11") == "tháng 11 năm 2025")
        #expect(vi.period("2026-W53") == "tuần 53 năm 2026" && Language.en.period("2025-11") == "November 2025")
        #expect(vi.period("nonsense") == "nonsense")
        // Anything but a year of four ASCII digits, a dash and a week or month of the right length is given back as it is.
        for key in [
            "2025-W4", "2025-W460", "2025-13", "2025-00", "2025-1", "20a5-W46", "2025-W46-", "2025-", "2025", "-2025-W46", "2025-\u{301}W46",
            "2025-W4\u{301}6", "٢٠٢٥-W46", "2025—W46", "2025/11", "2025_W46", "2025-w46", "12025-W46", "",
        ] {
            #expect(Array(vi.period(key).utf8) == Array(key.utf8) && Array(Language.en.period(key).utf8) == Array(key.utf8), "\(key)")
        }
        #expect(vi.period("0000-W01") == "tuần 1 năm 0" && Language.en.period("2025-01") == "January 2025")
        let deadline = try #require(ISO8601.instant("2025-11-20T08:00:00+07:00"))
        #expect(vi.instant(deadline) == "08:00 ngày 20/11/2025")
        #expect(vi.instant(deadline.addingTimeInterval(-1)) == "07:59:59 ngày 20/11/2025")
        #expect(Language.en.instant(deadline) == "2025-11-20 08:00:00 (UTC+7)")
        // A deadline at midnight is the end of the day before, as "by Monday" and "by the 25th" are read.
        #expect(vi.deadline(deadline) == "08:00 ngày 20/11/2025")
        let endOfMonday = try #require(ISO8601.instant("2025-11-25T00:00:00+07:00"))
        #expect(vi.deadline(endOfMonday) == "hết ngày 24/11/2025" && Language.en.deadline(endOfMonday) == "end of 2025-11-24")
        #expect(vi.duration(100_800) == "1 ngày 4 giờ" && vi.duration(2_100) == "35 phút" && vi.duration(0) == "0 giây")
        #expect(Language.en.duration(100_800) == "1 day 4 h")
        #expect(vi.duration(.infinity) == "0 giây" && vi.duration(-5) == "0 giây", "never a trap on a strange length")
        #expect(vi.alternatives(["\"Tốt\"", "\"Khá\"", "\"Đạt\""]) == "\"Tốt\", \"Khá\" hoặc \"Đạt\"")
    }

    @Test func acceptLanguageGivesEnglishOnlyWhenItComesFirst() {
        #expect(Language(acceptLanguage: nil) == .vi)
        #expect(Language(acceptLanguage: "en") == .en)
        #expect(Language(acceptLanguage: "en-US,en;q=0.9") == .en)
        #expect(Language(acceptLanguage: "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7") == .vi)
        #expect(Language(acceptLanguage: "vi;q=0.5, en;q=0.8") == .en)
        #expect(Language(acceptLanguage: "fr-FR,fr;q=0.9") == .vi)
        #expect(Language(acceptLanguage: "en;q=0") == .vi)
        #expect(Language(acceptLanguage: "en;q=abc, ;;;,,") == .en, "a malformed weight is ignored, never a crash")
    }
}
