import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

@Suite struct ReaderTests {
    @Test func jsonAndCSVOfTheSameReportGiveTheSameCheckedReport() throws {
        let b = ReportBuilder()
        let fromJSON = try #require(b.check(.json).report)
        let fromCSV = try #require(b.check(.csv).report)
        #expect(fromJSON == fromCSV)
    }

    @Test func jsonAndCSVDraftsCarryTheSameContent() throws {
        let b = ReportBuilder()
        let json = try #require(ReportReader.read(Data(b.json().utf8), fileName: "r.json").draft)
        let csv = try #require(ReportReader.read(Data(b.csv().utf8), fileName: "r.csv").draft)
        #expect(json.unit?.value == csv.unit?.value)
        #expect(json.period?.value == csv.period?.value)
        #expect(json.values.map(\.criterionId) == csv.values.map(\.criterionId))
        #expect(json.results?.value == csv.results?.value)
        #expect(json.difficulties.map { [$0.code.value, $0.text.value] } == csv.difficulties.map { [$0.code.value, $0.text.value] })
        #expect(json.recommendations.map { [$0.code.value, $0.text.value] } == csv.recommendations.map { [$0.code.value, $0.text.value] })
    }

    @Test func theShippedSampleWeekReadsTheSameFromBothFormats() throws {
        // The sample generator writes each province in one format; converting HN's JSON to CSV by hand must agree.
        let validator = ReportValidator(catalog: shippedCatalog)
        let json = try Repo.sample("province-2025-W46/HN.json")
        let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        var rows = ["record,key,value"]
        for key in ["unit", "period", "template", "templateVersion", "preparedBy"] { rows.append("meta,\(key),\(object[key]!)") }
        let values = object["values"] as! [String: Any]
        for key in values.keys.sorted() {
            let v = values[key]!
            let text = (v as? NSNumber).flatMap { String(cString: $0.objCType) == "c" ? ($0.boolValue ? "yes" : "no") : nil } ?? "\(v)"
            rows.append("value,\(key),\"\(text)\"")
        }
        for (topic, text) in (object["results"] as! [String: String]).sorted(by: { $0.key < $1.key }) {
            rows.append("results,\(topic),\"\(text)\"")
        }
        for d in object["difficulties"] as! [[String: String]] { rows.append("difficulty,\(d["field"]!),\"\(d["text"]!)\"") }
        for r in object["recommendations"] as! [[String: String]] { rows.append("recommendation,\(r["addressee"]!),\"\(r["text"]!)\"") }
        for (task, fields) in (object["tasks"] as! [String: [String: String]]).sorted(by: { $0.key < $1.key }) {
            for (field, value) in fields { rows.append("task,\(task).\(field),\"\(value)\"") }
        }
        let fromJSON = try #require(validator.check(json, fileName: "HN.json").report)
        let fromCSV = try #require(validator.check(Data(rows.joined(separator: "\r\n").utf8), fileName: "HN.csv").report)
        #expect(fromJSON == fromCSV)
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let csv = ReportBuilder().csv().replacingOccurrences(of: "\n", with: "\r\n")
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(csv.utf8)
        let outcome = ReportValidator(catalog: catalogWithoutTasks).check(data, fileName: "r.csv")
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
        let json = Data([0xEF, 0xBB, 0xBF]) + Data(ReportBuilder().json().replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(ReportValidator(catalog: catalogWithoutTasks).check(json, fileName: "r.json").issues.isEmpty)
    }

    @Test func csvCellsWithCommasQuotesAndLineBreaksKeepTheirText() throws {
        var b = ReportBuilder()
        b.results = ["general": "Dòng một, có dấu phẩy\nDòng hai có \"ngoặc kép\""]
        let report = try #require(b.check(.csv).report)
        #expect(report.topicResults == [TopicText(topic: "general", text: "Dòng một, có dấu phẩy\nDòng hai có \"ngoặc kép\"")])
    }

    @Test func csvRowsAreCountedWithTheHeaderAsRowOne() throws {
        var b = ReportBuilder()
        b.results = ["general": "a\nb"]  // a quoted cell spanning two lines
        b.difficulties = [["field": "nowhere", "text": "x"]]
        let issue = try #require(b.check(.csv).errors.first)
        let rows = b.csv().split(separator: "\n", omittingEmptySubsequences: false)
        // The difficulty is on the next-to-last line (the text ends with a line break); the header is row 1
        // and the results cell spans 2 lines, so its row number is one less than its line number.
        #expect(issue.location.line == rows.count - 2)
        #expect(issue.location.row == rows.count - 3)
    }

    @Test func malformedFilesAreNamedWithTheirLine() {
        let validator = ReportValidator(catalog: shippedCatalog)
        let badJSON = validator.check(Data("{\n  \"unit\": \"HN\",\n  \"period\" \"x\"\n}".utf8), fileName: "a.json")
        #expect(badJSON.errors.map(\.code) == [.malformedFile])
        #expect(badJSON.errors.first?.location.line == 3)
        let notObject = validator.check(Data("[1, 2]".utf8), fileName: "a.json")
        #expect(notObject.errors.map(\.code) == [.malformedFile])
        let stray = validator.check(Data("record,key,value\nmeta,unit,H\"N\n".utf8), fileName: "a.csv")
        #expect(stray.errors.first?.location.line == 2)
        let header = validator.check(Data("unit,HN\n".utf8), fileName: "a.csv")
        #expect(header.errors.first?.message.en.contains("record,key,value") == true)
        let cells = validator.check(Data("record,key,value\nvalue,hr.recruited,1,2\n".utf8), fileName: "a.csv")
        #expect(cells.errors.contains { $0.code == .malformedFile && $0.location.row == 2 })
    }

    @Test func aFileOverTenMebibytesIsRefusedUnread() {
        let huge = Data(repeating: UInt8(ascii: " "), count: ReportReader.maximumBytes + 1)
        let outcome = ReportValidator(catalog: shippedCatalog).check(huge, fileName: "huge.json")
        #expect(outcome.errors.map(\.code) == [.unreadableFile])
        #expect(outcome.errors.first?.message.en.contains("10 MiB") == true)
    }

    @Test func emptyBlankNonUTF8AndUnknownExtensionsAreRefused() {
        let validator = ReportValidator(catalog: shippedCatalog)
        #expect(validator.check(Data(), fileName: "a.json").errors.map(\.code) == [.malformedFile])
        #expect(validator.check(Data(" \n\r\n".utf8), fileName: "a.csv").errors.map(\.code) == [.malformedFile])
        #expect(validator.check(Data([0x48, 0xE0, 0x20, 0x4E]), fileName: "a.csv").errors.map(\.code) == [.unreadableFile])
        #expect(validator.check(Data("x".utf8), fileName: "a.txt").errors.map(\.code) == [.unreadableFile])
    }

    @Test func unknownTopLevelFieldsAndRecordTypesAreErrors() {
        let json = ReportBuilder().json().replacingOccurrences(of: "\"results\"", with: "\"result\"")
        let outcome = ReportValidator(catalog: shippedCatalog).check(Data(json.utf8), fileName: "a.json")
        #expect(outcome.errors.contains { $0.code == .malformedFile && $0.message.en.contains("\"result\"") })
        let csv = ReportBuilder().csv() + "note,,hello\n"
        let csvOutcome = ReportValidator(catalog: shippedCatalog).check(Data(csv.utf8), fileName: "a.csv")
        #expect(csvOutcome.errors.map(\.code) == [.malformedFile])
    }

    @Test func jsonDocumentKeepsLinesOrderAndRepeatedKeys() throws {
        let value = try JSONDocument.parse(
            "{\n \"a\": 1,\n \"v\": {\n  \"x\": \"q\\\"}\\u1ec7\",\n  \"x\": -2.5e1\n },\n \"l\": [\n  {\"k\": null},\n  true\n ]\n}")
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["a", "v", "l"])
        #expect(members.map(\.line) == [2, 3, 7])
        guard case .object(let inner) = members[1].value, case .array(let list) = members[2].value else {
            Issue.record("shape")
            return
        }
        #expect(inner.map(\.key) == ["x", "x"])
        #expect(inner.map(\.line) == [4, 5])
        if case .string(let s) = inner[0].value { #expect(s == "q\"}ệ") } else { Issue.record("string") }
        if case .number(let n) = inner[1].value { #expect(n == -25) } else { Issue.record("number") }
        #expect(list.map(\.line) == [8, 9])
    }

    @Test func jsonNumbersReadExactlyWithOrWithoutTheWholeNumberShortcut() throws {
        let written = [
            "0", "-0", "7", "-42", "123456789012345", "1234567890123456789", "12.5", "-0.25", "1e3", "2E-2", "6432",
            "9007199254740993",
        ]
        let value = try JSONDocument.parse("[" + written.joined(separator: ",") + "]")
        guard case .array(let elements) = value else {
            Issue.record("not a list")
            return
        }
        let numbers = elements.map { element -> Double? in if case .number(let n) = element.value { n } else { nil } }
        #expect(numbers == written.map { Double($0) })
        #expect(numbers[1]?.sign == .minus, "-0 keeps its sign, as strtod gives it")
    }

    @Test func jsonSyntaxErrorsSayWhatAndWhere() {
        let cases: [(String, Int, String)] = [
            ("{\n \"a\": 1\n \"b\": 2}", 3, "expected ',' or '}'"),
            ("{\"a\": tru}", 1, "expected a value"),
            ("{\"a\": \"x}", 1, "never closed"),
            ("{\"a\": 01}", 1, "not a number"),
            ("[1, 2", 1, "not closed"),
            ("{} {}", 1, "after the end"),
            (String(repeating: "[", count: 100), 1, "64 deep"),
        ]
        for (text, line, message) in cases {
            do {
                _ = try JSONDocument.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.message.en.contains(message), "\(text): \(error.message)")
            }
        }
    }
}
