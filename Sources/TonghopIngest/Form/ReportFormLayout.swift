/// Where things are in a report form (.xlsx): the one layout the form is written in and read back from.
///
/// The report sheet has a key in column A (a header field, `results`, or a criterion id; hidden: people read the label),
/// a label in B, the unit of measure in C, the value in D and a hint in E, as the CSV format has `record,key,value`. Rows are found by their key,
/// not their position, so a form still reads when someone inserts a row.
public enum ReportFormLayout {
    public static let reportSheet = "Báo cáo"
    public static let difficultiesSheet = "Khó khăn"
    public static let recommendationsSheet = "Kiến nghị"
    public static let tasksSheet = "Nhiệm vụ"
    /// The hidden sheet the drop-down lists take their choices from.
    public static let listsSheet = "Danh mục"

    static let keyColumn = 0
    static let labelColumn = 1
    static let unitColumn = 2
    static let valueColumn = 3
    static let hintColumn = 4

    /// The key in column A of the row above the criteria, and of the header of the list sheets.
    static let criteriaHeaderKey = "Mã"
    static let listHeaderKey = "STT"
    static let metaKeys = ["unit", "period", "template", "templateVersion", "preparedBy"]
    static let resultsKey = "results"
    /// The key of the row of one topic's results: `results.personnel`.
    static func resultsKey(topic: String) -> String { resultsKey + "." + topic }

    /// Difficulties: number in A, field in B, text in C. Recommendations: number in A, up to three addressees in B–D,
    /// text in E.
    static let difficultyFieldColumn = 1
    static let difficultyTextColumn = 2
    static let addresseeColumns = 1...3
    static let recommendationTextColumn = 4
    /// Tasks: the task's id in A (the header row's A says "Mã nhiệm vụ"), its text, directive and deadline in B–D (read
    /// by people only), the status in E, the completion day in F, the product in G and a note in H.
    static let tasksHeaderKey = "Mã nhiệm vụ"
    static let taskStatusColumn = 4
    static let taskCompletedColumn = 5
    static let taskProductColumn = 6
    static let taskNoteColumn = 7
    /// Blank rows offered for difficulties and for recommendations.
    static let listRows = 30

    /// The code of a choice as forms before labels alone wrote it ("Đất đai [land]"), or the text itself: a label is
    /// read back as its code by the validator (`NarrativeSpec`'s choices, the registry's ministries).
    static func code(of text: String) -> String {
        let trimmed = text.trimmed
        guard trimmed.hasSuffix("]"), let open = trimmed.lastIndex(of: "[") else { return trimmed }
        return String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]).trimmed
    }
}
