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

  /// How one weight set is drawn in every chart of a page: its name, its colour and whether it
  /// is the emphasised one (the recommended set: dark and thick).
  struct Style {
    let name: String
    let colour: String
    let emphasised: Bool
  }
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
      var s = SVGChart.title(title, x: left)
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

  /// The chart's title (class `title`, which the browser test looks for).
  static func title(_ text: String, x: Double) -> String {
    "<text class=\"title\" x=\"\(f(x))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escape(text))</text>\n"
  }

  /// A legend of swatches and names (class `legend`) from `x` at baseline `y`, wrapped onto a new
  /// row (16 px lower) before it would pass `maxX`.
  static func legend(_ entries: [(name: String, colour: String, emphasised: Bool, line: Bool)], x start: Double, y: Double, maxX: Double = .infinity) -> String {
    var body = "<g class=\"legend\">\n", x = start, y = y
    for entry in entries {
      let advance = 30 + Double(displayWidth(entry.name)) * 6.5
      if x > start, x + advance - 12 > maxX {
        x = start
        y += 16
      }
      if entry.line {
        body += "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 14))\" y2=\"\(f(y - 4))\" stroke=\"\(entry.colour)\" stroke-width=\"2\"/>\n"
      } else {
        body += "<rect x=\"\(f(x))\" y=\"\(f(y - 10))\" width=\"12\" height=\"12\" fill=\"\(entry.colour)\"\(entry.emphasised ? " stroke=\"#000\" stroke-width=\"1.5\"" : "")/>\n"
      }
      body += "<text x=\"\(f(x + 17))\" y=\"\(f(y))\" font-size=\"11\"\(entry.emphasised ? " font-weight=\"bold\"" : "")>\(escape(entry.name))</text>\n"
      x += advance
    }
    return body + "</g>\n"
  }

  /// The rows ``legend(_:x:y:maxX:)`` takes for `names`.
  static func legendRows(_ names: [String], x start: Double, maxX: Double) -> Int {
    var x = start, rows = 1
    for name in names {
      let advance = 30 + Double(displayWidth(name)) * 6.5
      if x > start, x + advance - 12 > maxX {
        x = start
        rows += 1
      }
      x += advance
    }
    return rows
  }

  /// Label positions `ys` (in any order) pushed apart to at least `gap` pixels, in place order
  /// kept, within [`low`, `high`] where possible: so that labels of neighbouring ranks do not overlap.
  static func dodge(_ ys: [Double], gap: Double, low: Double, high: Double) -> [Double] {
    let order = ys.indices.sorted { ys[$0] < ys[$1] }
    var placed = ys
    var previous = -Double.infinity
    for i in order {
      placed[i] = max(ys[i], previous + gap)
      previous = placed[i]
    }
    // Shift the whole stack up if it ran past the bottom.
    if let last = order.last, placed[last] > high {
      let shift = placed[last] - high
      for i in order { placed[i] = max(low, placed[i] - shift) }
      previous = -Double.infinity
      for i in order {
        placed[i] = max(placed[i], previous + gap)
        previous = placed[i]
      }
    }
    return placed
  }

  static func svg(_ width: Double, _ height: Double, _ body: String, label: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\" font-family=\"\(font)\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n\(body)</svg>\n"
  }

  /// Grouped horizontal bars: one group per category (indicator), one bar per series (source),
  /// with optional whiskers (intervals) per series value.
  static func groupedBars(title: String, categories: [String], series: [(style: Style, values: [Double], intervals: [(Double, Double)?]?)], valueLabel: String) -> String {
    let rowHeight = 10.0 * Double(series.count) + 12
    let width = 760.0, top = 30.0
    let legend = 8 + 16 * Double(legendRows(series.map(\.style.name), x: 200, maxX: width - 8))
    let height = top + legend + rowHeight * Double(categories.count) + 44
    let maxValue = series.flatMap { s in s.values + (s.intervals?.compactMap { $0?.1 } ?? []) }.max() ?? 1
    let frame = Frame(width: width, height: height, x: (0, max(maxValue, 0.05)), y: (0, 1), left: 200, bottom: 44, top: top + legend, right: 24)
    var body = self.title(title, x: frame.left)
    for t in frame.xTicks {
      body += "<line x1=\"\(f(frame.px(t)))\" y1=\"\(f(frame.top))\" x2=\"\(f(frame.px(t)))\" y2=\"\(f(height - frame.bottom))\" stroke=\"#ddd\"/>\n"
      body += "<text x=\"\(f(frame.px(t)))\" y=\"\(f(height - frame.bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(label(t, percent: true))</text>\n"
    }
    body += "<text x=\"\(f((frame.left + width - frame.right) / 2))\" y=\"\(f(height - 6))\" font-size=\"11\" text-anchor=\"middle\">\(escape(valueLabel))</text>\n"
    body += SVGChart.legend(series.map { ($0.style.name, $0.style.colour, $0.style.emphasised, false) }, x: frame.left, y: top + 14, maxX: width - 8)
    for (i, category) in categories.enumerated() {
      let y0 = frame.top + rowHeight * Double(i)
      body += "<text x=\"\(f(frame.left - 8))\" y=\"\(f(y0 + rowHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(category))</text>\n"
      for (k, s) in series.enumerated() {
        let y = y0 + 5 + 10 * Double(k)
        let value = s.values[i]
        let outline = s.style.emphasised ? " stroke=\"#000\" stroke-width=\"1\"" : ""
        body += "<rect x=\"\(f(frame.left))\" y=\"\(f(y - (s.style.emphasised ? 1 : 0)))\" width=\"\(f(max(0, frame.px(value) - frame.left)))\" height=\"\(s.style.emphasised ? 10 : 8)\" fill=\"\(s.style.colour)\"\(outline)><title>\(escape("\(s.style.name): \(category) \(String(format: "%.1f%%", value * 100))"))</title></rect>\n"
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
  /// - Parameter legend: the names of the points and of the line.
  static func scatter(
    title: String, x: [Double], y: [Double], xLabel: String, yLabel: String, line: (intercept: Double, slope: Double)?, legend names: (points: String, line: String),
    width: Double = 360, height: Double = 280, color: String = "#0072B2"
  ) -> String {
    let frame = Frame(width: width, height: height, x: (x.min() ?? 0, x.max() ?? 1), y: (y.min() ?? 0, y.max() ?? 1), top: 46)
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
    body += legend([(names.points, color, false, false)] + (line == nil ? [] : [(names.line, "#D55E00", false, true)]), x: frame.left, y: 36)
    return svg(width, height, body, label: title)
  }

  /// Slope chart: each item's rank in every column, joined by lines.
  static func slope(title: String, columns: [Style], ranks: [[Double]], labels: [String], highlight: Int = 5, width: Double = 760, height: Double = 420) -> String {
    let n = labels.count
    let left = 90.0, right = 90.0, top = 48.0, bottom = 24.0
    let columnX = columns.indices.map { left + (width - left - right) * Double($0) / Double(max(1, columns.count - 1)) }
    func y(_ rank: Double) -> Double { top + (height - top - bottom) * (rank - 1) / Double(max(1, n - 1)) }
    var body = self.title(title, x: left)
    body += "<g class=\"legend\">\n"
    for (c, column) in columns.enumerated() {
      body += "<text x=\"\(f(columnX[c]))\" y=\"38\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(column.colour)\"\(column.emphasised ? " font-weight=\"bold\"" : "")>\(escape(column.name))</text>\n"
    }
    body += "</g>\n"
    for (c, column) in columns.enumerated() {
      body += "<line x1=\"\(f(columnX[c]))\" y1=\"\(f(top))\" x2=\"\(f(columnX[c]))\" y2=\"\(f(height - bottom))\" stroke=\"\(column.emphasised ? "#333" : "#ccc")\" stroke-width=\"\(column.emphasised ? 2 : 1)\"/>\n"
    }
    // The items that move most are drawn in colour and labelled; the rest in grey.
    let movement = (0..<n).map { i in (ranks.map { $0[i] }.max() ?? 0) - (ranks.map { $0[i] }.min() ?? 0) }
    let movers = Set((0..<n).sorted { movement[$0] > movement[$1] }.prefix(highlight))
    let labelled = (0..<n).filter { movers.contains($0) || n <= 12 }
    let leftY = dodge(labelled.map { y(ranks[0][$0]) + 4 }, gap: 15, low: top, high: height - 2)
    let rightY = dodge(labelled.map { y(ranks[columns.count - 1][$0]) + 4 }, gap: 15, low: top, high: height - 2)
    for i in (0..<n).sorted(by: { movers.contains($0) && !movers.contains($1) ? false : !movers.contains($0) && movers.contains($1) }) {
      let colour = movers.contains(i) ? palette[(Array(movers).sorted().firstIndex(of: i) ?? 0) % palette.count] : "#bbb"
      let points = columns.indices.map { "\(f(columnX[$0])),\(f(y(ranks[$0][i])))" }.joined(separator: " ")
      body += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(movers.contains(i) ? 2 : 1)\"><title>\(escape(labels[i]))</title></polyline>\n"
      if let k = labelled.firstIndex(of: i) {
        body += "<text x=\"\(f(columnX[0] - 6))\" y=\"\(f(leftY[k]))\" font-size=\"10\" text-anchor=\"end\" fill=\"\(colour == "#bbb" ? "#555" : colour)\">\(escape(labels[i])) \(Int(ranks[0][i]))</text>\n"
        body += "<text x=\"\(f(columnX[columns.count - 1] + 6))\" y=\"\(f(rightY[k]))\" font-size=\"10\" fill=\"\(colour == "#bbb" ? "#555" : colour)\">\(Int(ranks[columns.count - 1][i])) \(escape(labels[i]))</text>\n"
      }
    }
    return svg(width, height, body, label: title)
  }

  /// Box plots (p10/p25/median/p75/p90 whiskers) of several samples side by side, from their
  /// summaries (computed by `Statistics.boxSummary`).
  static func boxes(title: String, styles: [Style], boxes: [Statistics.BoxSummary], yLabel: String, yPercent: Bool, width: Double = 760, height: Double = 300) -> String {
    let names = styles.map(\.name)
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
      let style = styles[k], stroke = style.emphasised ? "2.5" : "1"
      body += "<line x1=\"\(f(cx))\" y1=\"\(f(frame.py(q(0.1))))\" x2=\"\(f(cx))\" y2=\"\(f(frame.py(q(0.9))))\" stroke=\"#333\" stroke-width=\"\(stroke)\"/>\n"
      body += "<rect x=\"\(f(cx - w / 2))\" y=\"\(f(frame.py(q(0.75))))\" width=\"\(f(w))\" height=\"\(f(max(1, frame.py(q(0.25)) - frame.py(q(0.75)))))\" fill=\"\(style.colour)\" fill-opacity=\"\(style.emphasised ? "0.85" : "0.6")\" stroke=\"#000\" stroke-width=\"\(stroke)\"/>\n"
      body += "<line x1=\"\(f(cx - w / 2))\" y1=\"\(f(frame.py(q(0.5))))\" x2=\"\(f(cx + w / 2))\" y2=\"\(f(frame.py(q(0.5))))\" stroke=\"#000\" stroke-width=\"2\"/>\n"
    }
    // The set names under the boxes are the legend.
    body += "<g class=\"legend\">\n"
    for k in names.indices {
      let cx = frame.left + slot * (Double(k) + 0.5)
      body += "<text x=\"\(f(cx))\" y=\"\(f(height - frame.bottom + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(styles[k].colour)\"\(styles[k].emphasised ? " font-weight=\"bold\"" : "")>\(escape(names[k]))</text>\n"
    }
    body += "</g>\n"
    return svg(width, height, body, label: title)
  }

}
