import Foundation
import TonghopCore

/// The consolidated report of one period of one schedule (tổng hợp): everything the renderers lay out, computed
/// from the submissions that counted at one instant, so that it can be made again, the same, later.
public struct Synthesis: Sendable, Codable {
    public var heading: Heading
    public var compliance: Compliance
    /// The latest closed period of every schedule as of the same instant, this one included, for the compliance chart.
    public var complianceBySchedule: [ComplianceSummary]
    public var figures: [FigureGroup]
    /// Every criterion of the template by group, in the template's order: the columns of the per-unit sheets.
    public var criteria: [CriteriaGroup]
    public var trend: Trend
    public var unitTable: UnitTable
    public var attention: Attention
    /// What the units achieved, by topic: Dispatch 69 asks each report for its results first.
    public var results: [ResultGroup]
    /// Where the directives' tasks stand at the synthesis' instant.
    public var tasks: TaskSection
    public var difficulties: [DifficultyGroup]
    /// Recommendations by addressee: the Government, the Prime Minister, ministries in registry order, others; not those
    /// to the issuer itself.
    public var recommendations: [RecommendationGroup]
    /// Recommendations addressed to more than one ministry: for the competent authority to coordinate.
    public var interSectoral: [InterSectoralIssue]
    /// Recommendations addressed to the issuer alone (to MoHA in MoHA's report): its own follow-up, listed apart.
    public var issuerRecommendations: [RecommendationItem]
    /// The staff's assessment and proposals, the latest written by the synthesis' instant; nil when none was.
    public var assessment: SynthesisAssessment?
    public var dataQuality: DataQuality
    /// For a monthly synthesis: how the weekly reports whose periods ended within the month came in.
    public var weeklyReporting: [ComplianceSummary]
    /// Every value that counted, one row each (unit, period, criterion, value); empty when built without them.
    public var values: [TidyValue]
}

/// Who reports on a schedule.
public enum ReportingUnitsKind: String, Sendable, Codable {
    case provinces
    case central
    case mixed
}

/// What the synthesis is and when it was made.
public struct Heading: Sendable, Codable {
    public var issuer: Issuer
    public var subject: String
    public var scheduleId: String
    public var scheduleName: LocalizedText
    public var periodType: PeriodKind
    public var templateId: String
    /// The template's title, for the line that names the form the units filled in.
    public var templateTitle: LocalizedText
    /// The template version the synthesis is laid out by (the newest).
    public var templateVersion: String
    /// The versions the counted reports were checked against.
    public var templateVersionsUsed: [String]
    public var periodKey: String
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    /// The on-time limit: the deadline plus the schedule's grace.
    public var deadline: Date
    public var previousPeriodKey: String
    /// The instant the synthesis looks from: reports received after it do not count.
    public var asOf: Date
    /// The day of `asOf` in Vietnam, for the date line.
    public var issuedOn: LocalDate
    /// Who reports on the schedule: the provinces, the central agencies, or both (the monthly report): documents call them
    /// "địa phương", "bộ, cơ quan" or "đơn vị".
    public var reportingUnits: ReportingUnitsKind
    /// Whether `asOf` is before the on-time limit: reports may still come, and the figures are provisional.
    public var isProvisional: Bool
}

/// Who was expected to report for a period and how they did.
public struct Compliance: Sendable, Codable {
    public var summary: ComplianceSummary
    public var late: [LateUnit]
    public var missing: [UnitRef]
    /// Units whose deadline is still ahead and that have not reported yet.
    public var pending: [UnitRef]
}

/// The counts of one period of one schedule.
public struct ComplianceSummary: Sendable, Codable, Equatable {
    public var scheduleId: String
    public var scheduleName: LocalizedText
    public var periodKey: String
    public var deadline: Date
    public var expected: Int
    public var onTime: Int
    public var late: Int
    public var missing: Int
    public var pending: Int

    /// Share of expected units that reported, in percent.
    public var reportedPercent: Double { expected == 0 ? 0 : Double(onTime + late) * 100 / Double(expected) }
    /// Share of expected units that reported on time, in percent.
    public var onTimePercent: Double { expected == 0 ? 0 : Double(onTime) * 100 / Double(expected) }
}

/// A reporting unit named in the synthesis.
public struct UnitRef: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
}

/// A unit whose first report came after the deadline.
public struct LateUnit: Sendable, Codable {
    public var unit: UnitRef
    public var receivedAt: Date
    public var lateBySeconds: Double
}

/// The national figures of one topic group.
public struct FigureGroup: Sendable, Codable {
    public var id: String
    public var label: LocalizedText
    public var figures: [Figure]
}

/// One criterion consolidated across the units that reported it, and its change since the previous period.
public struct Figure: Sendable, Codable {
    public var criterionId: String
    public var label: LocalizedText
    public var unitOfMeasure: String
    public var type: CriterionType
    public var aggregation: Aggregation
    /// Which way is good news, as the template says.
    public var better: Direction
    /// The figure of each period over every unit that gave a value in it.
    public var value: Double?
    public var previous: Double?
    /// The change like for like: the figure over the units that gave a value in both periods (`comparableUnits` of
    /// them), now less before, so that a unit missing one period is not read as a rise or a fall.
    public var change: Double?
    /// The change as a percentage of the comparable previous figure; nil when that was zero or absent.
    public var changePercent: Double?
    /// How many units' values make the figure, now and in the previous period.
    public var units: Int
    public var previousUnits: Int
    /// The units that gave a value in both periods, and the figure over them in each.
    public var comparableUnits: Int
    public var comparableValue: Double?
    public var comparablePrevious: Double?
    /// For `distribution`: how many units gave each answer.
    public var distribution: [ChoiceCount]?
    /// When more than half of the like-for-like change comes from one unit whose value is flagged as an outlier or whose
    /// report is returned for correction: that unit, and the change without it.
    public var swing: FigureSwing?

    /// Whether the change is good news, bad news or neither.
    public var reading: Direction.Reading { change.map(better.reading) ?? .neutral }

    /// Whether the figure is a share in percent: its change is in percentage points.
    public var isPercentage: Bool { type == .percentage || unitOfMeasure == "%" }

    /// Whether the figure counts units (those answering yes, or no): its change is in units, never in percent.
    public var isCountOfUnits: Bool { aggregation == .countYes || aggregation == .countNo }
}

/// One unit's value that makes most of a figure's change while it is in doubt.
public struct FigureSwing: Sendable, Codable {
    /// Why the value is in doubt.
    public enum Cause: String, Sendable, Codable {
        /// The unit's report is returned for correction.
        case returned
        /// The value is far outside the unit's own history.
        case outlier
    }

    public var unit: UnitRef
    public var cause: Cause
    /// The unit's part of the figure's change: its own change for a sum, its own change over the units compared for a mean.
    public var unitChange: Double
    /// The unit's part of the like-for-like change, in percent (over 50; over 100 when the other units moved the other way).
    public var share: Double
    /// The like-for-like change over the other units, and as a percentage of their previous figure.
    public var changeWithout: Double?
    public var changePercentWithout: Double?
}

/// How many units gave one answer of a choice criterion.
public struct ChoiceCount: Sendable, Codable {
    public var choice: String
    public var count: Int
    public var previousCount: Int
}

/// The key criteria over the last periods.
public struct Trend: Sendable, Codable {
    /// Oldest first, the synthesized period last.
    public var periods: [String]
    /// How many units reported in every period shown: the figures are theirs; 0 when none did (each period's figure is
    /// then over the units that reported in it).
    public var sameUnits: Int
    public var series: [TrendSeries]
}

/// One criterion's national figure period by period.
public struct TrendSeries: Sendable, Codable {
    public var criterionId: String
    public var label: LocalizedText
    public var unitOfMeasure: String
    public var aggregation: Aggregation
    public var points: [TrendPoint]
}

/// One period's figure and how many units it rests on.
public struct TrendPoint: Sendable, Codable {
    public var periodKey: String
    public var value: Double?
    /// The units the value rests on (those of the same units that answered).
    public var units: Int
    /// How many units reported in the period at all.
    public var reported: Int
}

/// The key criteria of every expected unit.
public struct UnitTable: Sendable, Codable {
    public var criteria: [CriterionHeader]
    public var rows: [UnitRow]
}

/// A group of the template and its criteria.
public struct CriteriaGroup: Sendable, Codable {
    public var id: String
    public var label: LocalizedText
    public var criteria: [CriterionHeader]
}

/// A column of the per-unit table.
public struct CriterionHeader: Sendable, Codable {
    public var id: String
    public var label: LocalizedText
    public var unitOfMeasure: String
    public var type: CriterionType
}

/// One expected unit: whether and when it reported, and its key values.
public struct UnitRow: Sendable, Codable {
    public var unit: UnitRef
    /// `on-time`, `late`, `missing` or `pending`.
    public var state: StatusBoard.State
    public var reportedAt: Date?
    /// One per key criterion: the answer, nil when absent.
    public var values: [ReportedValue?]
    public var difficulties: Int
    public var recommendations: Int
    public var warnings: Int
    /// Where MoHA's review of the counted report stands; absent while it is not reviewed.
    public var review: ReviewState?
}

/// An answer as the synthesis shows it: a number (yes/no as 1/0) or a text (choice, date, text); in JSON, the number
/// or the text itself.
public enum ReportedValue: Sendable, Codable, Hashable {
    case number(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let n): try container.encode(n)
        case .text(let t): try container.encode(t)
        }
    }
}

/// The units that need attention.
public struct Attention: Sendable, Codable {
    /// The largest relative gaps for each shortfall the settings define.
    public var shortfalls: [ShortfallGroup]
    /// The largest rises in difficulty since the previous period.
    public var rises: [Rise]
}

/// The units furthest short of one target.
public struct ShortfallGroup: Sendable, Codable {
    public var id: String
    public var label: LocalizedText
    public var target: CriterionHeader
    public var actual: CriterionHeader
    /// How a unit's line words its gap (see `ShortfallDefinition.gapText`).
    public var gapText: String?
    public var units: [Shortfall]
}

/// One unit's gap between a target and what it has.
public struct Shortfall: Sendable, Codable {
    public var unit: UnitRef
    public var target: Double
    public var actual: Double
    public var gap: Double
    /// The gap as a percentage of the target.
    public var gapPercent: Double
}

/// A change for the worse in one unit's difficulty indicator (a rise, or a fall where the template says higher is
/// better), or a rise in the number of difficulties it raised.
public struct Rise: Sendable, Codable {
    public var unit: UnitRef
    /// A criterion id, or `difficulties` for the number of difficulties raised in the report.
    public var indicator: String
    public var label: LocalizedText
    public var previous: Double
    public var current: Double
    /// Signed: negative for a fall of an indicator where higher is better.
    public var change: Double
    /// Nil when the previous value was zero.
    public var changePercent: Double?
}

/// The results the units reported on one topic, in the registry's order of units.
public struct ResultGroup: Sendable, Codable {
    /// A group of the template; empty for the results reports gave as one text (before results were asked by topic).
    public var topic: String
    public var label: LocalizedText
    public var items: [UnitResult]
}

/// One unit's results on a topic, whole.
public struct UnitResult: Sendable, Codable {
    public var unit: UnitRef
    public var text: String
}

/// The difficulties of one field.
public struct DifficultyGroup: Sendable, Codable {
    public var field: String
    public var label: LocalizedText
    /// How many units raised a difficulty in this field.
    public var unitCount: Int
    public var items: [DifficultyItem]
}

/// One difficulty's text and the units that raised it in those words.
public struct DifficultyItem: Sendable, Codable {
    public var text: String
    public var units: [RaisingUnit]
    /// Whether any of its units has raised this field for three periods or more in a row.
    public var recurring: Bool
}

/// A unit raising a difficulty, and for how many periods in a row it has raised one in the same field.
public struct RaisingUnit: Sendable, Codable {
    public var unit: UnitRef
    public var periodsInRow: Int
    public var recurring: Bool
}

/// The recommendations to one addressee.
public struct RecommendationGroup: Sendable, Codable {
    /// `government`, `prime-minister`, `ministry:BXD`, `other`.
    public var addressee: String
    public var label: LocalizedText
    public var items: [RecommendationItem]
}

/// The staff's assessment as the synthesis prints it.
public struct SynthesisAssessment: Sendable, Codable {
    public var text: AssessmentText
    public var author: String
    public var writtenAt: Date
}

/// One recommendation's text and the units that made it in those words.
public struct RecommendationItem: Sendable, Codable {
    public var text: String
    public var units: [UnitRef]
}

/// A recommendation addressed to several ministries at once.
public struct InterSectoralIssue: Sendable, Codable {
    public var addressees: [AddresseeRef]
    public var text: String
    public var units: [UnitRef]
}

/// An addressee with the name people read.
public struct AddresseeRef: Sendable, Codable, Hashable {
    public var key: String
    public var label: LocalizedText
}

/// What the synthesis says about the quality of the data behind it.
public struct DataQuality: Sendable, Codable {
    /// The counted reports MoHA returned for correction: they count until their correction replaces them.
    public var returned: [ReturnedReport]
    public var warnings: [WarningNote]
    public var outliers: [Outlier]
}

/// A counted report returned for correction, with the reason and the criteria it names.
public struct ReturnedReport: Sendable, Codable {
    public var unit: UnitRef
    public var submissionId: Int64
    public var reason: String
    /// The criteria the reason is about.
    public var criteria: [CriterionRef]
    public var returnedAt: Date
    public var by: String
    public var correctionDue: Date?
}

/// A criterion named by its id and label.
public struct CriterionRef: Sendable, Codable, Hashable {
    public var id: String
    public var label: LocalizedText
}

/// A warning raised when a counted report was checked.
public struct WarningNote: Sendable, Codable {
    public var unit: UnitRef
    public var code: String
    public var criterionId: String?
    public var location: String
    /// The message as it was stored with the report.
    public var message: String
    /// The note as the documents say it, in Vietnamese, criteria named by their labels and no code or id.
    public var text: String
}

/// A value far outside the unit's own recent history.
public struct Outlier: Sendable, Codable {
    public var unit: UnitRef
    public var criterionId: String
    public var label: LocalizedText
    public var value: Double
    public var median: Double
    /// The range the history makes usual.
    public var low: Double
    public var high: Double
    public var historyCount: Int
    /// Robust deviations from the median, signed.
    public var score: Double
}

/// One value of one unit: a row of the tidy table.
public struct TidyValue: Sendable, Codable {
    /// Whose value it is, and of which period: one object shared by all of a report's values, which at commune scale
    /// made each value 88 bytes instead of 48 (a synthesis holds 120,000 of them).
    public let report: TidyReport
    public var criterion: String
    /// The answer as it was typed: a number, yes or no, or a text (a choice, a date, free text). Written as its text in
    /// JSON and CSV (`12`, `yes`, `Khá`), kept a number where a sheet shows it.
    public var value: CriterionValue

    public var unit: String { report.unit }
    public var unitName: String { report.unitName }
    public var period: String { report.period }

    public init(report: TidyReport, criterion: String, value: CriterionValue) {
        self.report = report
        self.criterion = criterion
        self.value = value
    }

    public init(unit: String, unitName: String, period: String, criterion: String, value: CriterionValue) {
        self.init(report: TidyReport(unit: unit, unitName: unitName, period: period), criterion: criterion, value: value)
    }

    private enum CodingKeys: String, CodingKey { case unit, unitName, period, criterion, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        report = TidyReport(
            unit: try c.decode(String.self, forKey: .unit), unitName: try c.decode(String.self, forKey: .unitName),
            period: try c.decode(String.self, forKey: .period))
        criterion = try c.decode(String.self, forKey: .criterion)
        // The JSON keeps the text only; read back, every answer is that text.
        value = .text(try c.decode(String.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(unit, forKey: .unit)
        try c.encode(unitName, forKey: .unitName)
        try c.encode(period, forKey: .period)
        try c.encode(criterion, forKey: .criterion)
        try c.encode(value.description, forKey: .value)
    }
}

/// The unit and period of a report's tidy values.
public final class TidyReport: Sendable {
    public let unit: String
    public let unitName: String
    public let period: String

    public init(unit: String, unitName: String, period: String) {
        (self.unit, self.unitName, self.period) = (unit, unitName, period)
    }
}
