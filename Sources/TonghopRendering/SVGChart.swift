import Foundation
import TonghopOffice
import TonghopSynthesis

/// Charts drawn as inline SVG, so the HTML synthesis needs no script and no network, and prints as it shows.
enum SVGChart {
    static let colors = (onTime: "#2e7d32", late: "#f9a825", missing: "#c62828", pending: "#9e9e9e")

    /// One stacked bar per schedule: on time, late, missing and not yet due, out of the units expected.
    static func compliance(_ summaries: [ComplianceSummary]) -> String {
        // Each schedule's name on its own line above its bar, whole: a name cut short is a name misread.
        // 420 wide: scaled to a 390 px phone its words stay about 10 px high (the page keeps it at most 640 px wide).
        let width = 420.0, labelWidth = 0.0, barHeight = 22.0, rowHeight = 62.0
        let height = rowHeight * Double(summaries.count) + 34
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"Tình hình nộp báo cáo theo loại báo cáo\" class=\"chart\">"
        for (i, s) in summaries.enumerated() {
            svg += text(
                x: 0, y: Double(i) * rowHeight + 14, s.scheduleName.vi, size: 11, anchor: "start")
            let y = Double(i) * rowHeight + 20
            var x = labelWidth
            let barWidth = width - labelWidth - 10
            let parts = [
                (s.onTime, colors.onTime, "đúng hạn"), (s.late, colors.late, "muộn"), (s.missing, colors.missing, "chưa nộp"),
                (s.pending, colors.pending, "chưa đến hạn"),
            ]
            for (count, color, label) in parts where count > 0 {
                let w = s.expected == 0 ? 0 : barWidth * Double(count) / Double(s.expected)
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(barHeight))\" fill=\"\(color)\"><title>\(count) \(label)</title></rect>"
                if w > 24 {
                    svg += "<text x=\"\(f(x + w / 2))\" y=\"\(f(y + 15))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#fff\">\(count)</text>"
                }
                x += w
            }
            svg += text(
                x: labelWidth, y: y + barHeight + 14,
                "\(VietnameseFormat.period(s.periodKey)): \(s.onTime + s.late)/\(s.expected) đã nộp, \(s.onTime) đúng hạn "
                    + "(\(VietnameseFormat.percent(s.onTimePercent)))", size: 10,
                anchor: "start")
        }
        let legendY = height - 8
        var x = labelWidth
        for (color, label) in [(colors.onTime, "Đúng hạn"), (colors.late, "Muộn"), (colors.missing, "Chưa nộp"), (colors.pending, "Chưa đến hạn")] {
            svg += "<rect x=\"\(f(x))\" y=\"\(f(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            svg += text(x: x + 14, y: legendY, label, size: 10, anchor: "start")
            x += 95
        }
        return svg + "</svg>"
    }

    /// A line of one criterion's national figure over the last periods, with the first and last values written.
    static func trend(_ series: TrendSeries) -> String {
        let width = 320.0, height = 170.0, left = 12.0, right = 12.0, top = 24.0, bottom = 34.0
        let values = series.points.compactMap(\.value)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(series.label.vi.xmlEscaped)\" class=\"chart\">"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"#999\" stroke-width=\"1\"/>"
        guard let lowest = values.min(), let highest = values.max(), series.points.count > 0 else {
            return svg + text(x: width / 2, y: height / 2, "Chưa có số liệu", size: 11, anchor: "middle") + "</svg>"
        }
        // A tenth of the range as margin, so that no point sits on the axis or under a label.
        let (low, high) = (lowest - (highest - lowest) / 10, highest + (highest - lowest) / 10)
        let span = high - low == 0 ? max(abs(high), 1) : high - low
        let step = series.points.count > 1 ? (width - left - right) / Double(series.points.count - 1) : 0
        func point(_ i: Int, _ v: Double) -> (Double, Double) {
            let x = series.points.count > 1 ? left + step * Double(i) : width / 2
            let y = top + (height - top - bottom) * (1 - (v - low) / span) * (high == low ? 0.5 : 1)
            return (x, high == low ? top + (height - top - bottom) / 2 : y)
        }
        var path = ""
        for (i, p) in series.points.enumerated() {
            guard let v = p.value else { continue }
            let (x, y) = point(i, v)
            path += (path.isEmpty ? "M" : " L") + "\(f(x)) \(f(y))"
        }
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>"
        for (i, p) in series.points.enumerated() {
            let x = series.points.count > 1 ? left + step * Double(i) : width / 2
            // The week's or month's number alone ("39"): the caption names the span, and eight "tuần 39" run together.
            let tick = p.periodKey.split(separator: "-").last.map { String($0.drop { $0 == "W" || $0 == "0" }) } ?? p.periodKey
            svg += text(x: x, y: height - bottom + 14, tick, size: 10, anchor: i == 0 ? "start" : i == series.points.count - 1 ? "end" : "middle")
            guard let v = p.value else { continue }
            let (px, py) = point(i, v)
            svg +=
                "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"3\" fill=\"#1565c0\"><title>\(VietnameseFormat.period(p.periodKey).xmlEscaped): \(VietnameseFormat.number(v)) (\(p.units) đơn vị)</title></circle>"
            if i == 0 || i == series.points.count - 1 {
                svg += text(x: px, y: py - 8, VietnameseFormat.number(v), size: 10, anchor: i == 0 ? "start" : "end")
            }
        }
        return svg + "</svg>"
    }

    private static func text(x: Double, y: Double, _ content: String, size: Int, anchor: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"#222\">\(content.xmlEscaped)</text>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
