import Foundation
import GRDB
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
        let day = LocalDate(dayNumber: days).description
        guard day.utf8.count == 10 else {
            return day + " " + padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2) + "."
                + padded(inDay % 1000, 3)
        }
        // Written byte by byte, as `LocalDate.description` is: storing writes two for each submission, and padded pieces
        // joined cost 10,000 instructions each (valgrind), 3% of the storing thread.
        return String(unsafeUninitializedCapacity: 23) { text in
            func digits(_ value: Int, _ count: Int, at place: Int) {
                var value = value
                for index in (place..<place + count).reversed() {
                    text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            for (index, byte) in day.utf8.enumerated() { text[index] = byte }
            text[10] = UInt8(ascii: " ")
            digits(seconds / 3600, 2, at: 11)
            text[13] = UInt8(ascii: ":")
            digits(seconds / 60 % 60, 2, at: 14)
            text[16] = UInt8(ascii: ":")
            digits(seconds % 60, 2, at: 17)
            text[19] = UInt8(ascii: ".")
            digits(inDay % 1000, 3, at: 20)
            return 23
        }
    }

    /// Parses the text `text(_:)` writes (also without milliseconds), without a DateFormatter.
    static func instant(_ bytes: UnsafeRawBufferPointer) -> Date? {
        guard bytes.count >= 19 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? { NumberText.digits(bytes: bytes[from..<from + count]) }
        guard let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2), let h = digits(11, 2), let mi = digits(14, 2),
            let s = digits(17, 2)
        else { return nil }
        let milliseconds = bytes.count >= 23 ? digits(20, 3) ?? 0 : 0
        let day = LocalDate(year: y, month: mo, day: d).dayNumber
        return Date(timeIntervalSince1970: Double(day * 86_400 + h * 3600 + mi * 60 + s) + Double(milliseconds) / 1000)
    }

    /// The instant of a stored text.
    static func instant(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { instant(UnsafeRawBufferPointer($0)) }
    }

    /// The instant a row's column holds, read from its bytes without making a String (nil when it is NULL), or an error
    /// naming the text when it is not an instant: for the records decoded by hand.
    static func instant(_ row: Row, atIndex index: Int) throws -> Date? {
        try row.withUnsafeData(atIndex: index) { data throws -> Date? in
            guard let data else { return nil }
            guard let instant = data.withUnsafeBytes({ instant($0) }) else {
                throw DatabaseError(message: "not an instant as tonghop stores them: \(String(decoding: data, as: UTF8.self))")
            }
            return instant
        }
    }
}
