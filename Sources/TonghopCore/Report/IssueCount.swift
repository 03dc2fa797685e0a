import Foundation

/// How many problems of one severity and code an answer counts without listing them.
public struct IssueCount: Sendable, Hashable, Encodable {
    public var severity: Severity
    public var code: IssueCode
    public var count: Int

    public init(severity: Severity, code: IssueCode, count: Int) {
        self.severity = severity
        self.code = code
        self.count = count
    }

    /// Counts by severity and code, in the order each first appears (after `adding`'s).
    public static func tally(_ issues: some Sequence<ValidationIssue>, adding earlier: [IssueCount] = []) -> [IssueCount] {
        var counts = earlier
        for issue in issues {
            if let at = counts.firstIndex(where: { $0.severity == issue.severity && $0.code == issue.code }) {
                counts[at].count += 1
            } else {
                counts.append(IssueCount(severity: issue.severity, code: issue.code, count: 1))
            }
        }
        return counts
    }

    /// As people read it: "99.800 lỗi “Chỉ tiêu bị nêu hai lần” (duplicate-criterion)".
    public var line: Message {
        Message(
            .issuesMoreOfCode,
            ["count": .count(count), "severity": .message(severity.label), "title": .message(code.title), "code": .text(code.rawValue)])
    }
}
