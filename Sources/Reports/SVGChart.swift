import DataSources
import Foundation
import WeightAnalysis

/// Small SVG charts drawn by our own code: axes with "nice" ticks, bars with whiskers, scatter
/// with a line, residual plots, slope charts, box plots. Output is XML-clean (escaped text,
/// self-closed elements) so the report parses as XHTML.
///
/// Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
/// Text uses a font stack with CJK fonts so Chinese labels render.
enum SVGChart {
  static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
  static let font = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"

  /// Tick values at 1, 2 or 5 × 10ᵏ covering `low…high` with about `count` ticks (Heckbert 1990).
  static func niceTicks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
    guard low.isFinite, high.isFinite else { return [0, 1] }
    var lo = low, hi = high
    if lo == hi { lo -= 0.5; hi += 0.5 }
    let range = nice(hi - lo, round: false)
    let step = nice(range / Double(max(1, count - 1)), round: true)
    let start = (lo / step).rounded(.down) * step, end = (hi / step).rounded(.up) * step
    var ticks: [Double] = []
    var t = start
    while t <= end + step * 0.5 {
      ticks.append(abs(t) < step * 1e-9 ? 0 : t)
      t += step
    }
    return ticks
  }

  static func nice(_ x: Double, round: Bool) -> Double {
    let exponent = floor(log10(x))
    let fraction = x / pow(10, exponent)
    let niceFraction: Double
    if round {
      niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    } else {
      niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    }
    return niceFraction * pow(10, exponent)
  }

  /// A tick label without trailing zeros: 0.25, 1, 1.5k is not used (values stay literal).
  static func label(_ value: Double, percent: Bool = false) -> String {
    if percent { return String(format: "%g%%", (value * 1000).rounded() / 10) }
    if abs(value) >= 1e5 || (abs(value) < 1e-3 && value != 0) { return String(format: "%.2g", value) }
    return String(format: "%g", (value * 1e6).rounded() / 1e6)
  }

  static func escape(_ text: String) -> String { XMLText.escape(text) }

  static func f(_ x: Double) -> String { String(format: "%.1f", x) }

  /// Plot frame: maps data to pixels, draws axes, grid and titles.
  struct Frame {
    let width: Double, height: Double
    let left: Double, right: Double, top: Double, bottom: Double
    let xTicks: [Double], yTicks: [Double]
    var xMin: Double { xTicks.first! }
    var xMax: Double { xTicks.last! }
    var yMin: Double { yTicks.first! }
    var yMax: Double { yTicks.last! }

    init(width: Double, height: Double, x: (Double, Double), y: (Double, Double), left: Double = 56, bottom: Double = 44, top: Double = 30, right: Double = 16, xCount: Int = 5, yCount: Int = 5) {
      self.width = width
      self.height = height
      self.left = left
      self.right = right
      self.top = top
      self.bottom = bottom
      xTicks = niceTicks(x.0, x.1, count: xCount)
      yTicks = niceTicks(y.0, y.1, count: yCount)
    }

    func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * (width - left - right) }
    func py(_ y: Double) -> Double { height - bottom - (y - yMin) / (yMax - yMin) * (height - top - bottom) }

    func axes(title: String, xLabel: String, yLabel: String, xPercent: Bool = false, yPercent: Bool = false, xTickLabels: Bool = true) -> String {
      var s = "<text x=\"\(f(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>\n"
      for t in yTicks {
        s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(width - right))\" y2=\"\(f(py(t)))\" stroke=\"#ddd\" stroke-width=\"1\"/>\n"
        s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" font-size=\"11\" text-anchor=\"end\">\(label(t, percent: yPercent))</text>\n"
      }
      if xTickLabels {
        for t in xTicks {
          s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(height - bottom))\" x2=\"\(f(px(t)))\" y2=\"\(f(height - bottom + 4))\" stroke=\"#555\"/>\n"
          s += "<text x=\"\(f(px(t)))\" y=\"\(f(height - bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(label(t, percent: xPercent))</text>\n"
        }
      }
      s += "<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" stroke=\"#555\"/>\n"
      s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(height - bottom))\" stroke=\"#555\"/>\n"
      s += "<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 6))\" font-size=\"11\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
      s += "<text transform=\"translate(12,\(f((top + height - bottom) / 2))) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
      return s
    }
  }

  static func svg(_ width: Double, _ height: Double, _ body: String, label: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\" font-family=\"\(font)\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n\(body)</svg>\n"
  }

  /// Grouped horizontal bars: one group per category (indicator), one bar per series (source),
  /// with optional whiskers (intervals) per series value.
  static func groupedBars(title: String, categories: [String], series: [(name: String, values: [Double], intervals: [(Double, Double)?]?)], valueLabel: String) -> String {
    let rowHeight = 10.0 * Double(series.count) + 10
    let width = 760.0, top = 30.0, legend = 24.0
    let height = top + legend + rowHeight * Double(categories.count) + 44
    let maxValue = series.flatMap { s in s.values + (s.intervals?.compactMap { $0?.1 } ?? []) }.max() ?? 1
    let frame = Frame(width: width, height: height, x: (0, max(maxValue, 0.05)), y: (0, 1), left: 200, bottom: 44, top: top + legend, right: 24)
    var body = "<text x=\"\(f(frame.left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>\n"
    for t in frame.xTicks {
      body += "<line x1=\"\(f(frame.px(t)))\" y1=\"\(f(frame.top))\" x2=\"\(f(frame.px(t)))\" y2=\"\(f(height - frame.bottom))\" stroke=\"#ddd\"/>\n"
      body += "<text x=\"\(f(frame.px(t)))\" y=\"\(f(height - frame.bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(label(t, percent: true))</text>\n"
    }
    body += "<text x=\"\(f((frame.left + width - frame.right) / 2))\" y=\"\(f(height - 6))\" font-size=\"11\" text-anchor=\"middle\">\(escape(valueLabel))</text>\n"
    var x = frame.left
    for (k, s) in series.enumerated() {
      body += "<rect x=\"\(f(x))\" y=\"\(f(top + 4))\" width=\"12\" height=\"12\" fill=\"\(palette[k % palette.count])\"/>\n"
      body += "<text x=\"\(f(x + 16))\" y=\"\(f(top + 14))\" font-size=\"11\">\(escape(s.name))</text>\n"
      x += 22 + Double(displayWidth(s.name)) * 6.5
    }
    for (i, category) in categories.enumerated() {
      let y0 = frame.top + rowHeight * Double(i)
      body += "<text x=\"\(f(frame.left - 8))\" y=\"\(f(y0 + rowHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(category))</text>\n"
      for (k, s) in series.enumerated() {
        let y = y0 + 5 + 10 * Double(k)
        let value = s.values[i]
        body += "<rect x=\"\(f(frame.left))\" y=\"\(f(y))\" width=\"\(f(max(0, frame.px(value) - frame.left)))\" height=\"8\" fill=\"\(palette[k % palette.count])\"><title>\(escape("\(s.name): \(category) \(String(format: "%.1f%%", value * 100))"))</title></rect>\n"
        if let interval = s.intervals?[i] {
          let yc = y + 4
          body += "<line x1=\"\(f(frame.px(interval.0)))\" y1=\"\(f(yc))\" x2=\"\(f(frame.px(interval.1)))\" y2=\"\(f(yc))\" stroke=\"#000\" stroke-width=\"1.2\"/>\n"
          for end in [interval.0, interval.1] {
            body += "<line x1=\"\(f(frame.px(end)))\" y1=\"\(f(yc - 3))\" x2=\"\(f(frame.px(end)))\" y2=\"\(f(yc + 3))\" stroke=\"#000\" stroke-width=\"1.2\"/>\n"
          }
        }
      }
    }
    body += "<line x1=\"\(f(frame.left))\" y1=\"\(f(frame.top))\" x2=\"\(f(frame.left))\" y2=\"\(f(height - frame.bottom))\" stroke=\"#555\"/>\n"
    return svg(width, height, body, label: title)
  }

  /// Scatter of (x, y) with the least-squares line `y = a + b x`.
  static func scatter(title: String, x: [Double], y: [Double], xLabel: String, yLabel: String, line: (intercept: Double, slope: Double)?, width: Double = 360, height: Double = 260, color: String = "#0072B2") -> String {
    let frame = Frame(width: width, height: height, x: (x.min() ?? 0, x.max() ?? 1), y: (y.min() ?? 0, y.max() ?? 1))
    var body = frame.axes(title: title, xLabel: xLabel, yLabel: yLabel)
    // Thin out very large samples deterministically (every k-th point) to keep the file small.
    let stride = max(1, x.count / 1500)
    var i = 0
    while i < x.count {
      body += "<circle cx=\"\(f(frame.px(x[i])))\" cy=\"\(f(frame.py(y[i])))\" r=\"1.8\" fill=\"\(color)\" fill-opacity=\"0.45\"/>\n"
      i += stride
    }
    if let line {
      let x0 = frame.xMin, x1 = frame.xMax
      var y0 = line.intercept + line.slope * x0, y1 = line.intercept + line.slope * x1
      y0 = min(max(y0, frame.yMin), frame.yMax)
      y1 = min(max(y1, frame.yMin), frame.yMax)
      body += "<line x1=\"\(f(frame.px(x0)))\" y1=\"\(f(frame.py(y0)))\" x2=\"\(f(frame.px(x1)))\" y2=\"\(f(frame.py(y1)))\" stroke=\"#D55E00\" stroke-width=\"2\"/>\n"
    }
    return svg(width, height, body, label: title)
  }

  /// Slope chart: each item's rank in every column, joined by lines.
  static func slope(title: String, columns: [String], ranks: [[Double]], labels: [String], highlight: Int = 5, width: Double = 760, height: Double = 420) -> String {
    let n = labels.count
    let left = 90.0, right = 90.0, top = 44.0, bottom = 24.0
    let columnX = columns.indices.map { left + (width - left - right) * Double($0) / Double(max(1, columns.count - 1)) }
    func y(_ rank: Double) -> Double { top + (height - top - bottom) * (rank - 1) / Double(max(1, n - 1)) }
    var body = "<text x=\"\(f(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>\n"
    for (c, name) in columns.enumerated() {
      body += "<text x=\"\(f(columnX[c]))\" y=\"36\" font-size=\"11\" text-anchor=\"middle\">\(escape(name))</text>\n"
      body += "<line x1=\"\(f(columnX[c]))\" y1=\"\(f(top))\" x2=\"\(f(columnX[c]))\" y2=\"\(f(height - bottom))\" stroke=\"#ccc\"/>\n"
    }
    // The items that move most are drawn in colour and labelled; the rest in grey.
    let movement = (0..<n).map { i in (ranks.map { $0[i] }.max() ?? 0) - (ranks.map { $0[i] }.min() ?? 0) }
    let movers = Set((0..<n).sorted { movement[$0] > movement[$1] }.prefix(highlight))
    for i in (0..<n).sorted(by: { movers.contains($0) && !movers.contains($1) ? false : !movers.contains($0) && movers.contains($1) }) {
      let colour = movers.contains(i) ? palette[(Array(movers).sorted().firstIndex(of: i) ?? 0) % palette.count] : "#bbb"
      let points = columns.indices.map { "\(f(columnX[$0])),\(f(y(ranks[$0][i])))" }.joined(separator: " ")
      body += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(movers.contains(i) ? 2 : 1)\"><title>\(escape(labels[i]))</title></polyline>\n"
      if movers.contains(i) || n <= 12 {
        body += "<text x=\"\(f(columnX[0] - 6))\" y=\"\(f(y(ranks[0][i]) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"\(colour == "#bbb" ? "#555" : colour)\">\(escape(labels[i])) \(Int(ranks[0][i]))</text>\n"
        body += "<text x=\"\(f(columnX[columns.count - 1] + 6))\" y=\"\(f(y(ranks[columns.count - 1][i]) + 4))\" font-size=\"10\" fill=\"\(colour == "#bbb" ? "#555" : colour)\">\(Int(ranks[columns.count - 1][i])) \(escape(labels[i]))</text>\n"
      }
    }
    return svg(width, height, body, label: title)
  }

  /// Box plots (p10/p25/median/p75/p90 whiskers) of several samples side by side, from their
  /// summaries (computed by `Statistics.boxSummary`).
  static func boxes(title: String, names: [String], boxes: [Statistics.BoxSummary], yLabel: String, yPercent: Bool, width: Double = 760, height: Double = 300) -> String {
    let low = boxes.map(\.minimum).filter(\.isFinite).min() ?? 0, high = boxes.map(\.maximum).filter(\.isFinite).max() ?? 1
    let frame = Frame(width: width, height: height, x: (0, Double(names.count)), y: (low, high), left: 64, bottom: 40)
    var body = frame.axes(title: title, xLabel: "", yLabel: yLabel, yPercent: yPercent, xTickLabels: false)
    let slot = (width - frame.left - frame.right) / Double(max(1, names.count))
    for (k, summary) in boxes.enumerated() {
      func q(_ p: Double) -> Double {
        switch p {
        case 0.1: return summary.p10
        case 0.25: return summary.q1
        case 0.5: return summary.median
        case 0.75: return summary.q3
        default: return summary.p90
        }
      }
      let cx = frame.left + slot * (Double(k) + 0.5), w = min(60, slot * 0.5)
      let colour = palette[k % palette.count]
      body += "<line x1=\"\(f(cx))\" y1=\"\(f(frame.py(q(0.1))))\" x2=\"\(f(cx))\" y2=\"\(f(frame.py(q(0.9))))\" stroke=\"#333\"/>\n"
      body += "<rect x=\"\(f(cx - w / 2))\" y=\"\(f(frame.py(q(0.75))))\" width=\"\(f(w))\" height=\"\(f(max(1, frame.py(q(0.25)) - frame.py(q(0.75)))))\" fill=\"\(colour)\" fill-opacity=\"0.6\" stroke=\"#333\"/>\n"
      body += "<line x1=\"\(f(cx - w / 2))\" y1=\"\(f(frame.py(q(0.5))))\" x2=\"\(f(cx + w / 2))\" y2=\"\(f(frame.py(q(0.5))))\" stroke=\"#000\" stroke-width=\"2\"/>\n"
      body += "<text x=\"\(f(cx))\" y=\"\(f(height - frame.bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(names[k]))</text>\n"
    }
    return svg(width, height, body, label: title)
  }

}
