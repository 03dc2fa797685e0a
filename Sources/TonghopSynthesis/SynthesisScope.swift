/// How much of a synthesis is made: each format shows its own part of the model, and the rest need not be computed.
public enum SynthesisScope: Sendable, Equatable {
    /// Everything: the whole model (JSON) and the workbook, with every value that counted and every task's state.
    case whole
    /// Everything but `values` and the tasks' `assignments` (a million rows and 16,000 at commune scale): the worded
    /// documents (Markdown, HTML, DOCX), which show neither.
    case worded
    /// The heading, the synthesized schedule's compliance, the criteria, `values`, the tasks and the reports returned for
    /// correction, nothing else: the tidy CSV, which writes only the values, the tasks' states and the returns.
    case tidy
}
