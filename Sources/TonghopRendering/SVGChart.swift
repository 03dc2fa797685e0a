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

    /// A line of one criterion's figure over the last periods, on a labelled y-axis: from zero for a count (a fall of 2%
    /// drawn from 0 looks like one, not like a collapse), over the values' own range for a share or a mean. The values
    /// themselves are in the table under the charts and in each point's tooltip: no label sits on the line.
    static func trend(_ series: TrendSeries) -> String {
        let width = 320.0, height = 180.0, left = 54.0, right = 10.0, top = 22.0, bottom = 30.0
        let values = series.points.compactMap(\.value)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(series.label.vi.xmlEscaped)\" class=\"chart\">"
        guard let lowest = values.min(), let highest = values.max() else {
            return svg + text(x: width / 2, y: height / 2, "Chưa có số liệu", size: 11, anchor: "middle") + "</svg>"
        }
        let fromZero = series.aggregation == .sum || series.aggregation == .countYes || series.aggregation == .countNo
        let (ticks, low, high) = axis(low: fromZero ? min(0, lowest) : lowest, high: highest)
        let plotHeight = height - top - bottom
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (v - low) / (high - low)) }
        let step = series.points.count > 1 ? (width - left - right) / Double(series.points.count - 1) : 0
        func x(_ i: Int) -> Double { series.points.count > 1 ? left + step * Double(i) : (left + width - right) / 2 }
        // The axis: its unit above it, a grid line and a number at each tick.
        svg += text(x: 2, y: 12, series.unitOfMeasure, size: 10, anchor: "start")
        for tick in ticks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(tick)))\" stroke=\"#ddd\" stroke-width=\"1\"/>"
            svg += text(x: left - 4, y: y(tick) + 3.5, VietnameseFormat.number(tick), size: 10, anchor: "end")
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(height - bottom))\" stroke=\"#999\" stroke-width=\"1\"/>"
        var path = ""
        for (i, p) in series.points.enumerated() {
            guard let v = p.value else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(f(x(i))) \(f(y(v)))"
        }
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>"
        for (i, p) in series.points.enumerated() {
            // The week's or month's number alone ("39"): the caption names the span, and eight "tuần 39" run together.
            let tick = p.periodKey.split(separator: "-").last.map { String($0.drop { $0 == "W" || $0 == "0" }) } ?? p.periodKey
            svg += text(x: x(i), y: height - bottom + 14, tick, size: 10, anchor: "middle")
            guard let v = p.value else { continue }
            svg +=
                "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"#1565c0\"><title>\(VietnameseFormat.period(p.periodKey).xmlEscaped): \(VietnameseFormat.number(v)) (\(p.units) đơn vị)</title></circle>"
        }
        return svg + "</svg>"
    }

    /// Round ticks covering `low`...`high` (1, 2, 2.5 or 5 times a power of ten apart, about five of them), and the
    /// axis' ends, which are the first and last ticks.
    static func axis(low: Double, high: Double) -> (ticks: [Double], low: Double, high: Double) {
        let span = high - low > 0 ? high - low : max(abs(high), 1)
        let rough = span / 4
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = (low / step).rounded(.down) * step
        var last = (high / step).rounded(.up) * step
        if last <= first { last = first + step }
        let count = Int(((last - first) / step).rounded())
        return ((0...count).map { first + Double($0) * step }, first, last)
    }

    private static func text(x: Double, y: Double, _ content: String, size: Int, anchor: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"#222\">\(content.xmlEscaped)</text>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
