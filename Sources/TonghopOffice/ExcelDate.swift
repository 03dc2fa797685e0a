import TonghopCore

/// Dates as spreadsheets store them: days since 1899-12-30 in the 1900 date system Excel and LibreOffice write, or since
/// 1904-01-01 in the 1904 system of older Excel for Mac (a workbook says which in `<workbookPr date1904="1"/>`).
public enum ExcelDate {
    /// Which day a workbook counts its date serial numbers from.
    public enum System: Sendable, Hashable {
        case from1900, from1904

        var epoch: LocalDate {
            switch self {
            case .from1900: LocalDate(year: 1899, month: 12, day: 30)
            case .from1904: LocalDate(year: 1904, month: 1, day: 1)
            }
        }
    }

    /// The last day a spreadsheet can show.
    private static let lastDay = LocalDate(year: 9999, month: 12, day: 31)

    /// The serial number of a date in the 1900 system, the one tonghop writes.
    public static func serial(_ date: LocalDate) -> Int { date.dayNumber - System.from1900.epoch.dayNumber }

    /// The date of a serial number; its fraction (the time of day) is dropped. Nil before the system's first day
    /// (1900-01-01, 1904-01-01) or after 9999-12-31.
    public static func date(serial: Double, system: System = .from1900) -> LocalDate? {
        let first: Double = system == .from1900 ? 1 : 0
        let last = Double(lastDay.dayNumber - system.epoch.dayNumber)
        guard serial >= first, serial < last + 1 else { return nil }
        return system.epoch.adding(days: Int(serial.rounded(.down)))
    }
}
