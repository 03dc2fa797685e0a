import Foundation
import TonghopCore
import TonghopSynthesis

/// Numbers, dates and lengths of time as a Vietnamese official document writes them: "1.234.567", "95,5",
/// "ngày 05 tháng 02 năm 2026".
public enum VietnameseFormat {
    /// Thousands separated by dots, decimals after a comma: "1.234.567", "95,5".
    public static func number(_ value: Double, decimals: Int? = nil) -> String { Language.vi.number(value, decimals: decimals) }

    static func number(_ value: Double?) -> String { value.map(number) ?? "–" }

    /// A change with its sign: "+12", "−3,5", "0".
    /// With as many more decimals (up to three) as a small change needs to keep its sign and a digit: "−0,004", never
    /// "0,00" for a fall.
    public static func change(_ value: Double?, decimals: Int? = nil) -> String {
        guard let value else { return "–" }
        var places = decimals ?? Language.decimalsNeeded(value)
        while places < 3, rounded(value, places) == 0, value != 0 { places += 1 }
        let shown = rounded(value, places)
        guard shown != 0 else { return number(0, decimals: decimals) }
        return shown > 0 ? "+" + number(shown, decimals: places) : number(shown, decimals: places)
    }

    /// A change in words, as a sentence says it: "tăng 374", "giảm 7 (1,4%)", "không đổi".
    static func movement(_ change: Double, percent: Double?) -> String {
        guard change != 0 else { return "không đổi" }
        // The amount with its meaningful digits: "tăng 0,004", never "tăng 0,00"; below what three decimals show, no change.
        let amount = String(self.change(abs(change)).drop { $0 == "+" })
        guard rounded(abs(change), 3) > 0 else { return "không đổi" }
        let share = percent.map { " (" + String(percentChange(abs($0)).drop { $0 == "+" }) + ")" } ?? ""
        return (change > 0 ? "tăng " : "giảm ") + amount + share
    }

    /// A change in percent, to one decimal so that a list of them reads alike ("+60,0%", "−3,4%"), or to as many more (up
    /// to three) as a small change needs to keep its sign and a digit: "−0,05%", never "0,0%" for a fall.
    static func percentChange(_ value: Double?) -> String { signed(value, suffix: "%") }

    /// A change in a share, in percentage points: "+0,2 điểm %", "−1,5 điểm %"; a percent of a percent says nothing.
    static func pointsChange(_ value: Double?) -> String { signed(value, suffix: " điểm %") }

    /// A change with its sign and a digit that is not zero (one decimal, up to three for a small one).
    private static func signed(_ value: Double?, suffix: String) -> String {
        guard let value else { return "–" }
        var decimals = 1
        while decimals < 3, rounded(value, decimals) == 0, value != 0 { decimals += 1 }
        let shown = rounded(value, decimals)
        // Below what three decimals show, there is no change to sign.
        guard shown != 0 else { return number(0, decimals: 1) + suffix }
        return (shown > 0 ? "+" : "") + number(shown, decimals: decimals) + suffix
    }

    private static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }

    /// A share in percent, always to one decimal: "91,2%", "9,0%".
    static func percent(_ value: Double) -> String { number((value * 10).rounded() / 10, decimals: 1) + "%" }

    /// A change like for like as the documents write it: "+343 (+60,0%)"; a rise from zero as such, "tăng từ 0 lên 12";
    /// "–" when no unit reported both times.
    static func changeLine(_ change: Double?, percent: Double?, from previous: Double?) -> String {
        guard let change else { return "–" }
        if previous == 0, change > 0 { return "tăng từ 0 lên " + number(change) }
        guard let percent else { return self.change(change) }
        return self.change(change) + " (" + percentChange(percent) + ")"
    }

    /// How late a report came, as the documents say it: to the minute, and "dưới 1 phút" rather than "0 giây".
    public static func lateness(_ seconds: Double) -> String { seconds < 60 ? "dưới 1 phút" : Language.vi.duration(seconds) }

    /// A period by its name: "tuần 46 năm 2025", "tháng 10 năm 2025".
    static func period(_ key: String) -> String { Language.vi.period(key) }

    /// "20/11/2025".
    public static func date(_ date: LocalDate) -> String { Language.vi.date(date) }

    /// "08:00 ngày 20/11/2025", in Vietnam time.
    public static func instant(_ instant: Date) -> String { Language.vi.instant(instant) }

    /// A deadline: "08:00 ngày 20/11/2025", or "hết ngày 24/11/2025" for midnight.
    static func deadline(_ instant: Date) -> String { Language.vi.deadline(instant) }

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
        case .ratio: "Tính chung"
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
        case .untracked: "Chưa theo dõi"
        }
    }

    /// A unit's state in the per-unit table: a returned report still counts, and its row says so beside its timeliness.
    static func state(of row: UnitRow) -> String {
        state(row.state) + (row.review == .returned ? "; bị trả lại để chỉnh sửa" : "")
    }
}
