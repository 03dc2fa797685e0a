import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// Messages say exactly what is in the file: every blank filled, quotations of whole characters, the characters nobody
/// sees named, look-alike letters said to be what they are, and each format's own examples.
@Suite struct ExactMessageTests {
    static let hanoi = String(decoding: try! Repo.sample("province-2025-W46/HN.json"), as: UTF8.self)

    static func issues(_ text: String, _ name: String = "r.json") -> [ValidationIssue] {
        ReportValidator(catalog: catalogWithoutTasks).check(Data(text.utf8), fileName: name, receivedAt: sampleReceipt).issues
    }

    static func errors(_ text: String, _ name: String = "r.json") -> [ValidationIssue] { issues(text, name).filter { $0.severity == .error } }

    @Test func anUnexpectedCharacterThatIsNotASCIIIsQuotedWhole() throws {
        // A bare word with Vietnamese letters, a no-break space before a field, a second byte-order mark.
        let bare = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"Khá\"", with: "Khá")).first)
        #expect(bare.message.vi.contains("nhưng gặp \"Khá") && !bare.message.vi.contains("{found}"), "\(bare.message.vi)")
        #expect(bare.message.en.contains("but found \"Khá") && !bare.message.en.contains("{found}"))
        let space = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"unit\"", with: "\u{00A0}\"unit\"")).first)
        #expect(space.message.vi.contains("gặp \"U+00A0\"unit\""), "\(space.message.vi)")
        let bom = try #require(Self.errors("\u{FEFF}\u{FEFF}" + Self.hanoi).first)
        #expect(bom.message.vi.contains("gặp \"U+FEFF{\""), "\(bom.message.vi)")
        // The twelve bytes quoted end inside "ả": the quotation ends after it, never with U+FFFD.
        let cut = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"unit\"", with: "\"unit\" // bản sao")).first)
        #expect(cut.message.vi.contains("gặp \"// bản sao\"") && !cut.message.vi.contains("\u{FFFD}"), "\(cut.message.vi)")
        let cutShort = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"unit\"", with: "\"unit\" // bản sao lưu")).first)
        #expect(!cutShort.message.vi.contains("\u{FFFD}"), "\(cutShort.message.vi)")
    }

    @Test func invisibleAndDirectionChangingCharactersAreNamedNeverWrittenRaw() throws {
        for (character, code) in [("\u{200B}", "U+200B"), ("\u{202E}", "U+202E"), ("\u{FEFF}", "U+FEFF"), ("\u{2066}", "U+2066")] {
            let unit = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"HN\"", with: "\"H\(character)N\"")).first)
            #expect(unit.code == .unknownUnit)
            for language in Language.allCases {
                let text = unit.line(in: language)
                #expect(text.contains(code) && !text.contains(character), "\(language): \(text)")
            }
            #expect(unit.message.vi.contains("ký tự vô hình \(code); có lẽ là Thành phố Hà Nội [HN]"), "\(unit.message.vi)")
            // In a field's name, mid-file: named too, and the field it was meant to be is not also said to be missing.
            let field = Self.errors(Self.hanoi.replacingOccurrences(of: "\"unit\"", with: "\"u\(character)nit\""))
            #expect(field.count == 1, "\(field)")
            #expect(field[0].message.vi.contains("\"u\(code)nit\" có ký tự vô hình \(code); viết lại đúng tên trường \"unit\""), "\(field)")
            #expect(!field[0].message.vi.contains(character))
        }
        // A file name sent with a direction override is shown with it named.
        #expect("báo cáo\u{202E}nosj.xlsx".withoutControlCharacters == "báo cáoU+202Enosj.xlsx")
        #expect("Hà Nội.json".withoutControlCharacters == "Hà Nội.json")
    }

    @Test func aCodeOrIdWithLookAlikeLettersIsSaidToHoldThem() throws {
        let cyrillic = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"HN\"", with: "\"\u{041D}N\"")).first)
        #expect(cyrillic.message.vi.contains("ký tự \"Н\" (U+041D) là chữ Kirin, trông giống chữ \"H\" Latinh; có lẽ là Thành phố Hà Nội [HN]"))
        #expect(cyrillic.message.en.contains("\"Н\" (U+041D) is a Cyrillic character that looks like the Latin \"H\"; perhaps"))
        let wide = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"HN\"", with: "\"ＨＮ\"")).first)
        #expect(wide.message.vi.contains("ký tự toàn khổ") && wide.message.vi.contains("[HN]"))
        // A Greek omicron in a code that is no unit: said, without a suggestion.
        let none = try #require(Self.errors(Self.hanoi.replacingOccurrences(of: "\"HN\"", with: "\"Χ\u{039F}\"")).first)
        #expect(none.message.vi.contains("chữ Hy Lạp") && !none.message.vi.contains("có lẽ là"))
        // A criterion id with a Cyrillic "е": one error, at the id, naming the criterion meant; not also "missing".
        let id = Self.errors(Self.hanoi.replacingOccurrences(of: "\"hr.recruited\"", with: "\"hr.r\u{0435}cruited\""))
            .filter { $0.code != .unknownTask }  // the register is left out here
        #expect(id.count == 1 && id[0].code == .unknownCriterion, "\(id)")
        #expect(id[0].message.vi.contains("ký tự \"е\" (U+0435) là chữ Kirin") && id[0].message.vi.contains("[hr.recruited]"))
        // A plain code is left as it was.
        #expect(Lookalikes.examine("HN").findings.isEmpty && Lookalikes.examine("Hà Nội").findings.isEmpty)
    }

    @Test func aCSVWithCarriageReturnsAloneIsNamedAsSuch() throws {
        let csv = String(decoding: try Repo.sample("province-2025-W46/HP.csv"), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r")
        let errors = Self.errors(csv, "HP.csv")
        #expect(errors.count == 1 && errors[0].message.vi.contains("ký tự CR"), "\(errors)")
        #expect(errors[0].message.en.contains("carriage returns alone"))
    }

    @Test func aCSVOfItsHeaderAloneListsEveryMissingFieldAsCSVRows() throws {
        let errors = Self.errors("record,key,value\r\n", "empty.csv")
        let rows = errors.map(\.message.vi)
        #expect(errors.count == 4 && errors.allSatisfy { $0.code == .missingField }, "\(rows)")
        for row in ["meta,unit,HN", "meta,template,province-weekly", "meta,templateVersion,1.1", "meta,period,2025-W46"] {
            #expect(rows.contains { $0.contains("thêm hàng \(row) ") }, "\(row) in \(rows)")
        }
        // A JSON file is shown JSON, with the named template's newest version.
        let json = Self.errors(#"{"unit": "BXD", "template": "central-weekly"}"#)
        #expect(json.contains { $0.message.vi.contains(#"ví dụ "templateVersion": "1.0""#) }, "\(json.map(\.message.vi))")
        #expect(json.contains { $0.message.vi.contains(#"ví dụ "period": "2025-W47""#) }, "\(json.map(\.message.vi))")
    }
}
