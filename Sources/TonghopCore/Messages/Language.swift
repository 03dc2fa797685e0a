import Foundation

/// The language a person reads tonghop in: Vietnamese first, English for those who ask (`--lang en`,
/// `Accept-Language: en`).
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case vi
    case en

    /// The language an `Accept-Language` header prefers: English only when it ranks English above Vietnamese
    /// (officers' browsers set to English still get Vietnamese unless they ask for English first).
    public init(acceptLanguage header: String?) {
        self = .vi
        guard let header else { return }
        var best: (quality: Double, language: Language)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            let tag = parts.first.map { $0.trimmed.lowercased() } ?? ""
            let language: Language? = tag == "en" || tag.hasPrefix("en-") ? .en : tag == "vi" || tag.hasPrefix("vi-") ? .vi : nil
            guard let language else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmed }
                if pair.count == 2, pair[0] == "q", let q = NumberText.decimal(pair[1]), q >= 0, q <= 1 { quality = q }
            }
            if quality > 0, quality > (best?.quality ?? 0) { best = (quality, language) }
        }
        self = best?.language ?? .vi
    }

    /// A day as people write it: "20/11/2025" in Vietnamese, "2025-11-20" in English.
    public func date(_ date: LocalDate) -> String {
        switch self {
        case .vi: padded(date.day, 2) + "/" + padded(date.month, 2) + "/" + String(date.year)
        case .en: date.description
        }
    }

    /// An instant in Vietnam time: "08:00 ngày 20/11/2025" (seconds only when not zero: "07:59:59 ngày 20/11/2025"),
    /// "2025-11-20 08:00:00 (UTC+7)".
    public func instant(_ instant: Date) -> String {
        switch self {
        case .en: return VietnamTime.format(instant)
        case .vi:
            let day = VietnamTime.date(of: instant)
            let seconds = Int(floor(instant.timeIntervalSince1970)) + VietnamTime.utcOffsetSeconds - day.dayNumber * 86_400
            var time = padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2)
            if seconds % 60 != 0 { time += ":" + padded(seconds % 60, 2) }
            return time + " ngày " + date(day)
        }
    }

    /// A deadline: an instant, but midnight as the end of the day before, as officers read "by the 25th": "hết ngày
    /// 25/12/2026" rather than "00:00 ngày 26/12/2026"; "end of 2026-12-25".
    public func deadline(_ instant: Date) -> String {
        let day = VietnamTime.date(of: instant)
        guard VietnamTime.instant(day) == instant else { return self.instant(instant) }
        let last = day.adding(days: -1)
        return self == .vi ? "hết ngày " + date(last) : "end of " + date(last)
    }

    /// A length of time, to the day and hour (to the minute under a day, the second under a minute): "1 ngày 4 giờ",
    /// "35 phút"; "1 day 4 h", "35 min".
    public func duration(_ seconds: TimeInterval) -> String {
        let total = seconds.isFinite ? Int(max(0, min(seconds, 1e15)).rounded(.down)) : 0
        let (days, hours, minutes, secs) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        var parts: [String] = []
        switch self {
        case .vi:
            if days > 0 { parts.append("\(days) ngày") }
            if hours > 0 { parts.append("\(hours) giờ") }
            if minutes > 0 && days == 0 { parts.append("\(minutes) phút") }
            if parts.isEmpty { parts.append("\(secs) giây") }
        case .en:
            if days > 0 { parts.append("\(days) day\(days == 1 ? "" : "s")") }
            if hours > 0 { parts.append("\(hours) h") }
            if minutes > 0 && days == 0 { parts.append("\(minutes) min") }
            if parts.isEmpty { parts.append("\(secs) s") }
        }
        return parts.joined(separator: " ")
    }

    /// A period named as people name it: "tuần 46 năm 2025", "tháng 11 năm 2025"; "week 46 of 2025", "November 2025".
    /// A key of neither form is given back as it is.
    public func period(_ key: String) -> String {
        // By its bytes: each part is ASCII digits (and a "W") or the key is written as it is, and counting the characters
        // of the parts cost more than the rest of this, once for each receipt printed.
        let bytes = Array(key.utf8)
        guard bytes.count > 5, bytes[4] == UInt8(ascii: "-"), let year = NumberText.digits(bytes: bytes[..<4]) else { return key }
        let part = bytes[5...]
        if part.count == 3, part.first == UInt8(ascii: "W"), let week = NumberText.digits(bytes: part.dropFirst()) {
            return self == .vi ? "tuần \(week) năm \(year)" : "week \(week) of \(year)"
        }
        if part.count == 2, let month = NumberText.digits(bytes: part), (1...12).contains(month) {
            return self == .vi ? "tháng \(month) năm \(year)" : "\(Self.englishMonths[month - 1]) \(year)"
        }
        return key
    }

    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// Items of a list run together: "a, b và c"; "a, b and c".
    public func list(_ items: [String]) -> String { joined(items, self == .vi ? " và " : " and ") }

    /// Items of which one is to be chosen: "a, b hoặc c"; "a, b or c".
    public func alternatives(_ items: [String]) -> String { joined(items, self == .vi ? " hoặc " : " or ") }

    private func joined(_ items: [String], _ last: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + last + items[items.count - 1]
    }
}
