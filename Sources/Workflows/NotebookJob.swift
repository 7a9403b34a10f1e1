import DataSources
import Foundation
import WeightAnalysis

/// `kpi-weights notebook`: the fit (and, with a preset, the recommendation) that the exported
/// notebook reproduces. The recommendation's own fit is the notebook's fit, so the model is
/// fitted once.
public struct NotebookJob: Sendable {
  public var fit: FitJob
  /// How the included recommendation is made (its preset, SWOT, blend, AHP, objective), if any.
  public var recommend: RecommendJob?
  public var language: ReportJob.Language = .zh
  /// Where the notebook will be written (the data path inside it is relative to this folder).
  public var outputPath: String
  /// How the notebook was made, recorded in it (the command line passes its own command).
  public var command = "kpi-weights"

  public init(fit: FitJob, outputPath: String) {
    self.fit = fit
    self.outputPath = outputPath
  }

  public func run(on input: AnalysisInput) throws -> NotebookContent {
    let fitJob = fit
    let recommendation: RecommendReport?
    let report: FitReport
    if var recommend {
      recommend.fit = fitJob
      recommend.asOf = recommend.asOf ?? "notebook"
      let made = try recommend.run(on: input)
      recommendation = made
      report = made.fit
    } else {
      recommendation = nil
      report = try fitJob.run(on: input)
    }
    // The notebook recomputes LMG (linear; dominance of R² is the same), the logistic dominance, or
    // standardised coefficients (the default without an intercept).
    let reproducible: Bool
    switch report.model {
    case .linear: reproducible = [.lmg, .dominance, .standardized].contains(report.method)
    case .logistic: reproducible = [.dominance, .standardized].contains(report.method)
    }
    guard reproducible else {
      throw AnalysisError.methodNotApplicable(
        method: report.method.rawValue,
        reason: "the notebook recomputes LMG (linear models), dominance and standardised-coefficient weights; leave \(Setting.method) out, or choose one of those")
    }
    if let database = input.source {
      throw SourceError(
        source: database.label, kind: .badSource,
        message: "the notebook reads its data from a file with pandas and checks the file's SHA-256; save the rows as CSV first (sqlite3 -header -csv FILE 'SELECT …' > history.csv, or psql's \\copy (SELECT …) TO 'history.csv' CSV HEADER) and give that file")
    }
    let table = input.table
    let source: NotebookContent.Source
    if let sheet = table.sheet {
      source = .workbook(sheet: sheet.name, headerRow: sheet.headerRow)
    } else {
      source = .csv(encoding: table.encoding == .gb18030 ? "gb18030" : "utf-8-sig")
    }
    var content = NotebookContent(
      language: language, dataPath: relativePath(from: outputPath, to: table.sheet?.workbook ?? table.file), sha256: input.provenanceSHA256, fit: report,
      recommendation: recommendation, command: command)
    content.source = source
    content.renamed = input.columnMatches.map { ($0.header, $0.id) }
    content.yesNoColumns = input.yesNoColumns
    content.percentFractions = input.percentScaled
    return content
  }

  /// `data` relative to the folder of `file` when both are relative or share a prefix.
  func relativePath(from file: String, to data: String) -> String {
    let base = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.pathComponents
    let target = URL(fileURLWithPath: data).standardizedFileURL.pathComponents
    var common = 0
    while common < min(base.count, target.count) && base[common] == target[common] { common += 1 }
    guard common > 1 else { return URL(fileURLWithPath: data).standardizedFileURL.path }
    return (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
  }
}

/// What the exported notebook contains.
public struct NotebookContent: Sendable {
  public let language: ReportJob.Language
  /// The data file relative to the notebook's folder.
  public let dataPath: String
  public let sha256: String
  public let fit: FitReport
  public let recommendation: RecommendReport?
  public let command: String
  /// How pandas reads the file: a CSV in the encoding kpi-weights detected, or a workbook sheet.
  public enum Source: Sendable, Equatable {
    case csv(encoding: String)
    case workbook(sheet: String, headerRow: Int)
  }
  public internal(set) var source: Source = .csv(encoding: "utf-8-sig")
  /// Columns kpi-weights matched to catalog ids (header in the file → id), renamed the same way.
  public internal(set) var renamed: [(header: String, id: String)] = []
  /// Columns of 是/否 words read as 1/0.
  public internal(set) var yesNoColumns: [String] = []
  /// Percent columns read as fractions and multiplied by 100 (`--percent-scale fraction`).
  public internal(set) var percentFractions: [String] = []

  init(language: ReportJob.Language, dataPath: String, sha256: String, fit: FitReport, recommendation: RecommendReport?, command: String) {
    self.language = language
    self.dataPath = dataPath
    self.sha256 = sha256
    self.fit = fit
    self.recommendation = recommendation
    self.command = command
  }
}
