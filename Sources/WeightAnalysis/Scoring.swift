import Foundation

/// One entity-period to score.
public struct ScoreInput: Sendable {
  public let entity: String
  public let period: String
  /// One value per config indicator, `nil` when missing.
  public let values: [Double?]
  public let salary: Cents?
  /// Data line, for messages.
  public let line: Int

  public init(entity: String, period: String, values: [Double?], salary: Cents?, line: Int) {
    self.entity = entity
    self.period = period
    self.values = values
    self.salary = salary
    self.line = line
  }
}

/// The scoring of one entity-period.
public struct ScoredRow: Sendable, Equatable {
  public let entity: String
  public let period: String
  /// Weighted total out of 10, rounded to 0.01 (the value pay is computed from).
  public let score: Double
  /// Points out of 10 per indicator (config order).
  public let points: [Double]
  public let basePay: Cents?
  public let performancePay: Cents?
  /// Base plus performance pay (each at most the salary, which is at most ``Cents/maximum``, so
  /// the sum always fits).
  public var totalPay: Cents? { basePay.flatMap { base in performancePay.flatMap { Cents.adding(base, $0) } } }
}

/// Scores, pay and warnings for a set of entity-periods under a weight config.
public struct ScoringResult: Sendable {
  public struct Skipped: Sendable, Equatable {
    public let entity: String
    public let period: String
    public let reason: Message
  }
  public struct Warning: Sendable, Equatable {
    public let entity: String
    public let periods: [String]
    public let scores: [Double]
    public let reason: Message
  }
  public struct PeriodSummary: Sendable, Equatable {
    public let period: String
    public let scored: Int
    public let skipped: Int
    public let mean: Double
    public let minimum: Double
    public let p10: Double
    public let median: Double
    public let p90: Double
    public let maximum: Double
    public let belowThreshold: Int
    /// Σ performance pay of the period, exact; `nil` without salaries or when the sum does not
    /// fit in Int64 cents (``payOverflow``).
    public let totalPerformancePay: Cents?
    public var payOverflow: Bool = false
  }

  public let rows: [ScoredRow]
  public let skipped: [Skipped]
  public let summary: [PeriodSummary]
  public let warnings: [Warning]
}

/// Applies a weight config: points per indicator, weighted total, pay, warnings.
///
/// - Score: `Σⱼ wⱼ · pointsⱼ`, out of 10, rounded to 0.01.
/// - Pay (the article: 70% base, 30% performance): base = salary × base share; performance =
///   salary × performance share × the pay curve's multiple of the score (linear: score/10; zero
///   below the gate; at most the cap; ``WeightConfig/PayPolicy/pay(salary:scoreHundredths:)``).
///   Shares and multiples are taken in basis points and the score in hundredths, and each amount
///   is one integer multiplication and division rounded half up to the cent, so a score of 8
///   with a 30% share pays exactly 24% of the salary.
/// - Min-max rules use the population of the same period (its scored rows).
/// - Warnings: an entity scoring below the threshold for at least `warningPeriods` consecutive
///   periods (in the entity's own period order; a period skipped for missing data breaks a run).
public enum Scoring {
  public static func run(config: WeightConfig, inputs: [ScoreInput]) -> ScoringResult {
    let indicators = config.indicators
    let weights = indicators.map(\.weight)
    let policy = config.payPolicy
    // Period populations for min-max rules: the rows that are scored (with missingValues: skip,
    // those complete in every indicator), as `recommend` and `compare` take them.
    var ranges: [String: [ClosedRange<Double>]] = [:]
    for input in inputs where policy.missingValues == .zero || !input.values.contains(where: { $0 == nil }) {
      var current = ranges[input.period] ?? Array(repeating: Double.infinity...Double.infinity, count: indicators.count)
      for (j, value) in input.values.enumerated() {
        guard let value else { continue }
        current[j] = current[j].lowerBound == .infinity ? value...value : min(current[j].lowerBound, value)...max(current[j].upperBound, value)
      }
      ranges[input.period] = current
    }
    var rows: [ScoredRow] = []
    var skipped: [ScoringResult.Skipped] = []
    for input in inputs {
      let missing = indicators.indices.filter { input.values[$0] == nil }.map { indicators[$0].id }
      if !missing.isEmpty && policy.missingValues == .skip {
        skipped.append(.init(entity: input.entity, period: input.period, reason: Message(
            en: "missing \(missing.joined(separator: ", ")) (line \(input.line)); missingValues: skip",
            zh: "缺少 \(missing.joined(separator: "、"))（第 \(input.line) 行）；missingValues: skip")))
        continue
      }
      let points = indicators.enumerated().map { j, indicator in
        input.values[j].map { indicator.scoring.points($0, direction: indicator.direction, range: ranges[input.period]![j]) } ?? 0
      }
      let (score, hundredths) = weightedScore(points: points, weights: weights)
      var base: Cents? = nil, performance: Cents? = nil
      if let salary = input.salary { (base, performance) = policy.pay(salary: salary, scoreHundredths: hundredths) }
      rows.append(ScoredRow(entity: input.entity, period: input.period, score: score, points: points, basePay: base, performancePay: performance))
    }
    return ScoringResult(rows: rows, skipped: skipped, summary: summaries(rows, skipped, policy), warnings: warnings(rows, skipped, policy))
  }

  /// The weighted total out of 10, `Σⱼ wⱼ pⱼ` in indicator order, rounded half away from zero to
  /// 0.01, and that total in hundredths (what pay is computed from).
  @inline(__always)
  public static func weightedScore(points: [Double], weights: [Double]) -> (score: Double, hundredths: Int64) {
    var total = 0.0
    for j in points.indices { total += weights[j] * points[j] }
    let hundredths = Int64((total * 100).rounded())
    return (Double(hundredths) / 100, hundredths)
  }

  /// Every row's points per indicator under `rules` (indicator by row), min-max rules taking the
  /// population of the row's period (`periodCodes`; `nil`: one population) — exactly as ``run(config:inputs:)``
  /// scores rows that have every value.
  public static func points(columns: [[Double]], periodCodes: [Int]?, rules: [ScoringRule], directions: [Direction]) -> [[Double]] {
    let n = columns.first?.count ?? 0
    let codes = periodCodes ?? [Int](repeating: 0, count: n)
    let periods = (codes.max() ?? -1) + 1
    return columns.indices.map { j in
      let column = columns[j]
      var low = [Double](repeating: .infinity, count: periods), high = [Double](repeating: -.infinity, count: periods)
      if case .minMax = rules[j] {
        for i in 0..<n {
          low[codes[i]] = min(low[codes[i]], column[i])
          high[codes[i]] = max(high[codes[i]], column[i])
        }
      }
      return (0..<n).map { i in rules[j].points(column[i], direction: directions[j], range: low[codes[i]] <= high[codes[i]] ? low[codes[i]]...high[codes[i]] : 0...0) }
    }
  }

  /// The score of every row from its points (``points(columns:periodCodes:rules:directions:)``)
  /// by ``weightedScore(points:weights:)``: what `score` reports and pays on.
  public static func scores(points: [[Double]], weights: [Double]) -> [Double] {
    let n = points.first?.count ?? 0
    var row = [Double](repeating: 0, count: points.count)
    return (0..<n).map { i in
      for j in points.indices { row[j] = points[j][i] }
      return weightedScore(points: row, weights: weights).score
    }
  }

  /// Period labels in natural order ("2024-2" before "2024-10", "2月" before "10月").
  public static func periodOrder(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: [.numeric]) == .orderedAscending
  }

  /// The rank of every period label in calendar order: months (`2024-10`, `1/2025`, `2025年1月`),
  /// quarters or integers when every label reads as one (``PeriodCalendar``), so `10/2024` comes
  /// before `1/2025`; otherwise in ``periodOrder(_:_:)`` order. Labels of one step share a rank.
  public static func periodRanks(_ labels: Set<String>) -> [String: Int] {
    let calendar = PeriodCalendar(labels: labels)
    guard calendar.unit != .rank else { return calendar.steps }
    let steps = Set(calendar.steps.values).sorted()
    var rankOfStep: [Int: Int] = [:]
    for (rank, step) in steps.enumerated() { rankOfStep[step] = rank }
    return calendar.steps.mapValues { rankOfStep[$0]! }
  }

  /// The rank of every label in ``periodOrder(_:_:)`` order; labels the order holds equal share a rank.
  static func naturalRanks(_ labels: Set<String>) -> [String: Int] {
    let sorted = labels.sorted(by: periodOrder)
    var rank: [String: Int] = [:]
    var current = 0
    for (k, label) in sorted.enumerated() {
      if k > 0 && periodOrder(sorted[k - 1], label) { current += 1 }
      rank[label] = current
    }
    return rank
  }

  static func summaries(_ rows: [ScoredRow], _ skipped: [ScoringResult.Skipped], _ policy: WeightConfig.PayPolicy) -> [ScoringResult.PeriodSummary] {
    // Rows grouped by period in one pass (row order kept within a period).
    var byPeriod: [String: [Int]] = [:]
    for (i, row) in rows.enumerated() { byPeriod[row.period, default: []].append(i) }
    var skippedByPeriod: [String: Int] = [:]
    for entry in skipped { skippedByPeriod[entry.period, default: 0] += 1 }
    let labels = Set(byPeriod.keys).union(skippedByPeriod.keys)
    let rank = periodRanks(labels)
    let periods = labels.sorted { (rank[$0]!, $0) < (rank[$1]!, $1) }
    return periods.map { period in
      let these = (byPeriod[period] ?? []).map { rows[$0] }
      let scores = these.map(\.score).sorted()
      let pays = these.compactMap(\.performancePay)
      let total = pays.isEmpty ? nil : Cents.sum(pays)
      return ScoringResult.PeriodSummary(
        period: period, scored: these.count, skipped: skippedByPeriod[period] ?? 0,
        mean: scores.isEmpty ? .nan : scores.reduce(0, +) / Double(scores.count), minimum: scores.first ?? .nan,
        p10: Statistics.quantile(sorted: scores, 0.1), median: Statistics.quantile(sorted: scores, 0.5), p90: Statistics.quantile(sorted: scores, 0.9),
        maximum: scores.last ?? .nan, belowThreshold: scores.filter { $0 < policy.warningThreshold }.count,
        totalPerformancePay: total, payOverflow: !pays.isEmpty && total == nil)
    }
  }

  static func warnings(_ rows: [ScoredRow], _ skipped: [ScoringResult.Skipped], _ policy: WeightConfig.PayPolicy) -> [ScoringResult.Warning] {
    var result: [ScoringResult.Warning] = []
    // Timelines grouped by entity in one pass: its scored rows in row order, then its skipped ones.
    var timelines: [String: [(period: String, score: Double?)]] = [:]
    for row in rows { timelines[row.entity, default: []].append((row.period, row.score)) }
    var skippedTimelines: [String: [(period: String, score: Double?)]] = [:]
    for entry in skipped where timelines[entry.entity] != nil { skippedTimelines[entry.entity, default: []].append((entry.period, nil)) }
    // Each distinct period's place in natural order, so sorting a timeline compares integers.
    let rank = periodRanks(Set(rows.map(\.period)).union(skipped.map(\.period)))
    let entities = timelines.keys.sorted(by: periodOrder)
    for entity in entities {
      var timeline = timelines[entity, default: []]
      timeline += skippedTimelines[entity] ?? []
      timeline.sort { rank[$0.period, default: 0] < rank[$1.period, default: 0] }
      var run: [(String, Double)] = []
      func close() {
        if run.count >= policy.warningPeriods {
          let threshold = policy.warningThreshold == policy.warningThreshold.rounded() ? String(Int(policy.warningThreshold)) : "\(policy.warningThreshold)"
          result.append(
            .init(
              entity: entity, periods: run.map(\.0), scores: run.map(\.1),
              reason: Message(
                en: "score below \(threshold) for \(run.count) consecutive periods (\(run.map { String(format: "%.2f", $0.1) }.joined(separator: ", "))): training or a warning under the pay policy",
                zh: "连续 \(run.count) 期得分低于 \(threshold)（\(run.map { String(format: "%.2f", $0.1) }.joined(separator: "、"))）：按薪酬方案应培训或预警")))
        }
        run.removeAll()
      }
      for entry in timeline {
        if let score = entry.score, score < policy.warningThreshold { run.append((entry.period, score)) } else { close() }
      }
      close()
    }
    return result
  }
}
