import Foundation

extension TaskAssignment {
    /// Where the task stands for its unit, in a few words: "quá hạn 12 ngày", "hoàn thành ngày 14/06/2025, muộn 2 ngày".
    public func stateDetail(in language: Language) -> String {
        func say(_ key: MessageKey, _ arguments: MessageArguments = [:]) -> String { Message(key, arguments).text(in: language) }
        var parts: [String] = []
        switch state {
        case .overdue(let days): parts.append(days == 0 ? say(.taskOverdueToday) : say(.taskOverdueDays, ["days": .count(days)]))
        case .completedOnTime, .completedLate:
            if let day = latest?.progress.completedOn { parts.append(say(.taskCompletedOn, ["date": .date(day)])) }
            if case .completedLate(let days) = state { parts.append(say(.taskLateDays, ["days": .count(days)])) }
        case .inProgress:
            if let status = latest?.progress.status { parts.append(language == .vi ? status.label.vi : status.label.en) }
        case .notReported: parts.append(say(.taskNeverReported))
        }
        if let product = latest?.progress.product, !product.isEmpty, state.kind == .completedOnTime || state.kind == .completedLate {
            parts.append(say(.taskProduct, ["product": .quoted(product)]))
        }
        if let note = latest?.progress.note, !note.isEmpty { parts.append(say(.taskNote, ["note": .quoted(note)])) }
        return parts.joined(separator: "; ")
    }
}

extension AssignedTask {
    /// Its deadline as a document says it: "hạn 15/06/2025", "thường xuyên".
    public func deadlineText(in language: Language) -> String {
        guard let deadline else { return Message(.taskRegular).text(in: language) }
        return Message(.taskDue, ["deadline": .text(deadline.text(in: language))]).text(in: language)
    }
}
