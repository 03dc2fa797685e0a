import Foundation
import TonghopCore
import TonghopSynthesis

/// Numbers, dates and lengths of time as a Vietnamese official document writes them: "1.234.567", "95,5",
/// "ngày 05 tháng 02 năm 2026".
public enum VietnameseFormat {
    /// Thousands separated by dots, decimals after a comma; whole numbers without decimals, others with one
    /// (two when one would show a non-zero value as zero).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        // Beyond what an Int64 holds (a sum over units of a criterion without a maximum), as Swift writes it: the grouping
        // below would trap.
        guard abs(value) < 1e15 else { return NumberText.text(value) }
        let rounded1 = (value * 10).rounded() / 10
        let decimals = value == value.rounded() ? 0 : (rounded1 == 0 ? 2 : 1)
        let scale = pow(10, Double(decimals))
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "." + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            let fraction = String(scaled % Int64(scale))
            grouped += "," + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && scaled != 0 ? "−" : "") + grouped
    }

    static func number(_ value: Double?) -> String { value.map(number) ?? "–" }

    /// A change with its sign: "+12", "−3,5", "0".
    static func change(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value > 0 ? "+" + number(value) : number(value)
    }

    static func percentChange(_ value: Double?) -> String {
        guard let value else { return "–" }
        return change(value) + "%"
    }

    static func percent(_ value: Double) -> String { number((value * 10).rounded() / 10) + "%" }

    /// "20/11/2025".
    public static func date(_ date: LocalDate) -> String { Language.vi.date(date) }

    /// "08:00 ngày 20/11/2025", in Vietnam time.
    public static func instant(_ instant: Date) -> String { Language.vi.instant(instant) }

    /// The date line of an official document: "ngày 05 tháng 02 năm 2026" (Decree 30/2020 writes days below 10 and
    /// the months January and February with a leading zero).
    static func dateLine(_ date: LocalDate) -> String {
        let month = date.month <= 2 ? padded(date.month, 2) : String(date.month)
        return "ngày " + padded(date.day, 2) + " tháng " + month + " năm " + String(date.year)
    }

    /// "1 ngày 4 giờ", "35 phút", "0 giây".
    public static func duration(_ seconds: Double) -> String { Language.vi.duration(seconds) }

    static func aggregation(_ aggregation: Aggregation) -> String {
        switch aggregation {
        case .sum: "Tổng"
        case .mean: "Trung bình"
        case .min: "Thấp nhất"
        case .max: "Cao nhất"
        case .countYes: "Số đơn vị trả lời có"
        case .countNo: "Số đơn vị trả lời không"
        case .distribution: "Phân bố"
        case .none: ""
        }
    }

    /// A unit's state on a board, as the documents name it.
    public static func state(_ state: StatusBoard.State) -> String {
        switch state {
        case .onTime: "Đúng hạn"
        case .late: "Muộn"
        case .missing: "Chưa nộp"
        case .pending: "Chưa đến hạn"
        }
    }
}
