import Foundation

/// The weight configuration a scoring or pay system consumes (`recommend --config-out`, `export`).
public struct WeightConfig: Sendable, Equatable {
  public static let schemaName = "kpi-weights/config"
  public static let supportedVersions = [1]

  public struct Indicator: Sendable, Equatable {
    public var id: String
    public var chineseLabel: String
    public var englishLabel: String
    public var unit: String
    public var direction: Direction
    public var weight: Double
    public var lower: Double
    public var upper: Double
    public var scoring: ScoringRule

    public init(
      id: String, chineseLabel: String, englishLabel: String, unit: String, direction: Direction, weight: Double, lower: Double, upper: Double,
      scoring: ScoringRule
    ) {
      self.id = id
      self.chineseLabel = chineseLabel
      self.englishLabel = englishLabel
      self.unit = unit
      self.direction = direction
      self.weight = weight
      self.lower = lower
      self.upper = upper
      self.scoring = scoring
    }
  }

  public struct Provenance: Sendable, Equatable {
    public var tool: String
    /// The data file, or a database source's label (`sqlite:h.db[monthly]`, a PostgreSQL URI
    /// without its password).
    public var dataFile: String
    /// The SQL that selected a database source's rows (`nil` for a file).
    public var dataQuery: String? = nil
    /// SHA-256 of the file's bytes, or of a database result as CSV text (the rows as read).
    public var dataSHA256: String
    public var rows: Int
    public var outcome: String
    public var method: String
    public var blend: Double
    public var preset: String
    public var swotFile: String?
    public var swotSHA256: String?
    public var asOf: String
    /// When the data was made by `prepare`: the spec and the ticket-level input, with hashes.
    public var prepared: Prepared?
    /// The other inputs that changed the weights.
    public var settings = Settings()

    /// Inputs besides the data, preset and SWOT that changed the weights.
    public struct Settings: Sendable, Equatable {
      /// The catalog file merged into the built-in catalog (labels, directions, ranges).
      public var catalog: HashedFile?
      /// AHP matrices combined into the recommendation.
      public var ahp: [HashedFile] = []
      /// The objective weighting method combined into the recommendation (entropy, critic, …).
      public var objective: String?
      /// The bootstrap behind the fitted weights' intervals (which set their confidences).
      public var bootstrap: BootstrapRun?
      /// How the fit was specified (covariance, fixed effects, lags, observation weights).
      public var model: ModelSettings?
      public init() {}
    }

    /// A file read as input, with the SHA-256 of its bytes.
    public struct HashedFile: Sendable, Equatable {
      public var file: String
      public var sha256: String
      public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
      }
    }

    public struct BootstrapRun: Sendable, Equatable {
      public var replicates: Int
      /// Decimal text: a UInt64 seed does not fit every JSON reader's numbers.
      public var seed: String
      /// The column whose groups were resampled (`nil`: rows).
      public var group: String?
      public init(replicates: Int, seed: String, group: String?) {
        self.replicates = replicates
        self.seed = seed
        self.group = group
      }
    }

    public struct ModelSettings: Sendable, Equatable {
      /// `iid`, `hc1`, `hc3`, `cluster`, `cr2`.
      public var standardErrors: String
      public var cluster: [String]
      public var fixedEffects: [String]
      /// `response_hours=1`, in the order given.
      public var lags: [String]
      public var leadOutcome: Int?
      /// The observation-weight column.
      public var weights: String?
      public init(standardErrors: String, cluster: [String], fixedEffects: [String], lags: [String], leadOutcome: Int?, weights: String?) {
        self.standardErrors = standardErrors
        self.cluster = cluster
        self.fixedEffects = fixedEffects
        self.lags = lags
        self.leadOutcome = leadOutcome
        self.weights = weights
      }
    }

    /// Where prepared data came from.
    public struct Prepared: Sendable, Equatable {
      public var spec: String
      public var specSHA256: String
      public var input: String
      public var inputSHA256: String

      public init(spec: String, specSHA256: String, input: String, inputSHA256: String) {
        self.spec = spec
        self.specSHA256 = specSHA256
        self.input = input
        self.inputSHA256 = inputSHA256
      }
    }

    public init(
      tool: String, dataFile: String, dataSHA256: String, rows: Int, outcome: String, method: String, blend: Double, preset: String,
      swotFile: String?, swotSHA256: String?, asOf: String, prepared: Prepared? = nil, settings: Settings = Settings()
    ) {
      self.settings = settings
      self.tool = tool
      self.dataFile = dataFile
      self.dataSHA256 = dataSHA256
      self.rows = rows
      self.outcome = outcome
      self.method = method
      self.blend = blend
      self.preset = preset
      self.swotFile = swotFile
      self.swotSHA256 = swotSHA256
      self.asOf = asOf
      self.prepared = prepared
    }
  }

  public struct PayPolicy: Sendable, Equatable {
    /// Shares of salary; they sum to 1 (the article: 70% base, 30% performance).
    public var baseShare: Double
    public var performanceShare: Double
    /// Entities below this score for `warningPeriods` consecutive periods are flagged.
    public var warningThreshold: Double
    public var warningPeriods: Int
    /// What to do with a missing indicator value: skip the entity-period (listed with the reason)
    /// or score that indicator 0.
    public var missingValues: MissingPolicy

    /// No performance pay below this score (`nil`: none).
    public var gate: Double?
    /// The performance pay is at most this multiple of the performance share (`nil`: no cap;
    /// 1 = the whole share).
    public var cap: Double?
    /// How the score becomes a multiple of the performance share.
    public var curve: PayCurve

    public enum MissingPolicy: String, Sendable, Equatable { case skip, zero }

    public init(
      baseShare: Double = 0.7, performanceShare: Double = 0.3, warningThreshold: Double = 6, warningPeriods: Int = 3, missingValues: MissingPolicy = .skip,
      gate: Double? = nil, cap: Double? = nil, curve: PayCurve = .linear
    ) {
      self.baseShare = baseShare
      self.performanceShare = performanceShare
      self.warningThreshold = warningThreshold
      self.warningPeriods = warningPeriods
      self.missingValues = missingValues
      self.gate = gate
      self.cap = cap
      self.curve = curve
    }
  }

  public var version: Int
  public var indicators: [Indicator]
  public var provenance: Provenance
  public var payPolicy: PayPolicy

  public init(version: Int = 1, indicators: [Indicator], provenance: Provenance, payPolicy: PayPolicy = PayPolicy()) {
    self.version = version
    self.indicators = indicators
    self.provenance = provenance
    self.payPolicy = payPolicy
  }

  /// Problems that make the config unusable, as sentences naming the indicator; empty when valid.
  public func problems(knownIDs: Set<String>? = nil) -> [String] {
    var problems: [String] = []
    if !Self.supportedVersions.contains(version) {
      problems.append("schema version \(version) is not supported (supported: \(Self.supportedVersions.map(String.init).joined(separator: ", ")))")
    }
    if indicators.isEmpty { problems.append("there are no indicators") }
    var seen = Set<String>()
    for indicator in indicators {
      if indicator.id.isEmpty { problems.append("an indicator has an empty id") }
      if !seen.insert(indicator.id).inserted { problems.append("'\(indicator.id)' appears twice") }
      if let knownIDs, !knownIDs.contains(indicator.id) { problems.append("'\(indicator.id)' is not a known indicator (not in the catalog or the data)") }
      if !(indicator.weight.isFinite && indicator.weight >= 0) { problems.append("'\(indicator.id)' has weight \(indicator.weight); weights are between 0 and 1") }
      if !(indicator.lower <= indicator.upper) { problems.append("'\(indicator.id)': lower bound \(indicator.lower) is above upper bound \(indicator.upper)") }
      if indicator.weight < indicator.lower - 1e-12 || indicator.weight > indicator.upper + 1e-12 {
        problems.append("'\(indicator.id)': weight \(indicator.weight) is outside its bounds [\(indicator.lower), \(indicator.upper)]")
      }
      switch indicator.scoring {
      case .minMax: break
      case .linear(let full, let step, let points):
        if !(step > 0 && points >= 0 && full.isFinite) { problems.append("'\(indicator.id)': linear scoring needs step > 0 and points ≥ 0") }
      case .targets(let limits, let beyond, _):
        if limits.isEmpty { problems.append("'\(indicator.id)': targets scoring needs at least one limit") }
        if zip(limits, limits.dropFirst()).contains(where: { $0.limit >= $1.limit }) { problems.append("'\(indicator.id)': target limits must increase") }
        if (limits.map(\.points) + [beyond]).contains(where: { !(0...10).contains($0) }) { problems.append("'\(indicator.id)': points must be within 0–10") }
      case .steps(let edges):
        if edges.isEmpty { problems.append("'\(indicator.id)': a step table needs at least one step") }
        if zip(edges, edges.dropFirst()).contains(where: { $0.from >= $1.from }) { problems.append("'\(indicator.id)': step edges must increase") }
        if edges.contains(where: { !(0...10).contains($0.points) }) { problems.append("'\(indicator.id)': points must be within 0–10") }
      }
    }
    let total = indicators.reduce(0) { $0 + $1.weight }
    if abs(total - 1) > 1e-9 { problems.append("the weights sum to \(String(format: "%.12g", total)), not 1 (tolerance 1e-9)") }
    let pay = payPolicy
    if !(0...1).contains(pay.baseShare) || !(0...1).contains(pay.performanceShare) || abs(pay.baseShare + pay.performanceShare - 1) > 1e-9 {
      problems.append("pay shares must be within 0–1 and sum to 1 (base \(pay.baseShare), performance \(pay.performanceShare))")
    }
    if !(0...10).contains(pay.warningThreshold) || pay.warningPeriods < 1 {
      problems.append("the warning threshold must be within 0–10 and the number of periods at least 1")
    }
    problems += pay.planProblems()
    return problems
  }
}
