import TonghopCore

/// Dates as spreadsheets store them: days since 1899-12-30 (the 1900 date system Excel and LibreOffice write).
public enum ExcelDate {
    private static let epoch = LocalDate(year: 1899, month: 12, day: 30)

    public static func serial(_ date: LocalDate) -> Int { date.dayNumber - epoch.dayNumber }

    /// The date of a serial number; its fraction (the time of day) is dropped. Nil outside the years 1900–9999.
    public static func date(serial: Double) -> LocalDate? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        return epoch.adding(days: Int(serial.rounded(.down)))
    }
}
