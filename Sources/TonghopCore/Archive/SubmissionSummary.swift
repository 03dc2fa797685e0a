import Foundation

/// One stored submission as the history lists it.
public struct SubmissionSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var unitCode: String
    public var scheduleId: String
    public var periodKey: String
    public var templateId: String
    public var templateVersion: String
    public var receivedAt: Date
    public var fileName: String
    public var sha256: String
    public var byteCount: Int
    public var valueCount: Int
    public var warningCount: Int
    /// The submission that replaced this one; nil when this is the one that counts.
    public var supersededById: Int64?

    public init(
        id: Int64, unitCode: String, scheduleId: String, periodKey: String, templateId: String, templateVersion: String, receivedAt: Date,
        fileName: String, sha256: String, byteCount: Int, valueCount: Int, warningCount: Int, supersededById: Int64? = nil
    ) {
        self.id = id
        self.unitCode = unitCode
        self.scheduleId = scheduleId
        self.periodKey = periodKey
        self.templateId = templateId
        self.templateVersion = templateVersion
        self.receivedAt = receivedAt
        self.fileName = fileName
        self.sha256 = sha256
        self.byteCount = byteCount
        self.valueCount = valueCount
        self.warningCount = warningCount
        self.supersededById = supersededById
    }
}
