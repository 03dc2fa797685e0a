import Foundation
import TonghopCore

/// Instants as GRDB stores them: UTC text "yyyy-MM-dd HH:mm:ss.SSS", which sorts and compares as text.
///
/// Written here for the raw insert path because GRDB formats through a DateFormatter, which cost more per
/// submission than inserting its values.
enum DatabaseTime {
    static func text(_ instant: Date) -> String {
        let milliseconds = Int((instant.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int((Double(milliseconds) / 86_400_000).rounded(.down))
        let inDay = milliseconds - days * 86_400_000
        let seconds = inDay / 1000
        return LocalDate(dayNumber: days).description + " " + padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":"
            + padded(seconds % 60, 2) + "." + padded(inDay % 1000, 3)
    }
}
