import ArgumentParser
import DataSources
import Reports
import WeightAnalysis
import Workflows

extension TimestampFormat: ExpressibleByArgument {}
extension PrepareSpec.Every: ExpressibleByArgument {}

extension KPIWeights {
  struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Turn ticket-level exports into one row per entity × period (or per customer) · 数据准备",
      discussion: """
        Reads one row per ticket (CSV, UTF-8 or GBK) and writes one row per entity and period, or per \
        customer, with the measures a spec names: hours between two timestamps (mean, median, p90), \
        the percentage of rows meeting a condition (满意度评分 >= 4, 是否重开 = 否), means, counts, the \
        share of distinct customers who left, and 0/1 flags. The spec is a YAML file, or the built-in \
        `helpdesk` spec with the column roles given as options. Rows with an unreadable timestamp or a \
        response before creation are dropped and counted (--strict fails on them). The output's \
        provenance (spec and input SHA-256) is written beside it as OUTPUT.provenance.json, and a later \
        `recommend` on the output records it in its config.
        """)

    @Option(help: ArgumentHelp("Ticket-level export: CSV (UTF-8 or GB18030/GBK), an Excel workbook (.xlsx), sqlite:PATH or postgresql://… with --table or --query.", valueName: "file|sqlite:PATH|postgresql://…"))
    var data: String

    @Option(help: "Sheet of an .xlsx workbook: its name or number (default: the first).")
    var sheet: String?

    @Option(help: tableHelp)
    var table: String?

    @Option(help: queryHelp)
    var query: String?

    @Option(help: "Spec file (YAML/JSON), or 'helpdesk' for the built-in spec with the role options below.")
    var spec: String

    @Option(help: "Output file: CSV, or an Excel workbook when it ends in .xlsx (atomically; never over an existing file without --force).")
    var output: String

    @Flag(help: "Overwrite --output (and its provenance file) if they exist.")
    var force = false

    @Option(help: "Format of every timestamp column: iso, ymd, chinese, dmy, mdy (default: detected per column).")
    var dateFormat: TimestampFormat?

    @Flag(help: "Fail on a row with an unreadable timestamp or a response before creation, instead of dropping it.")
    var strict = false

    @Option(help: percentScaleHelp)
    var percentScale: PercentScale?

    @OptionGroup(title: "Helpdesk spec (--spec helpdesk)") var roles: HelpdeskRoles

    func validate() throws {
      if spec == "helpdesk" {
        guard roles.created != nil else { throw ValidationError("--spec helpdesk needs --created COLUMN (the ticket's creation time)") }
        if (roles.entity == nil) == (roles.per == nil) { throw ValidationError("--spec helpdesk needs --entity COLUMN (one row per entity and period) or --per COLUMN (one row per customer)") }
      } else if roles.isGiven {
        throw ValidationError("the role options (--entity, --created, …) only apply to --spec helpdesk; a spec file names its own columns")
      }
    }

    func run() throws {
      try perform {
        let loader = InputLoader.fileSystem
        let prepareSpec: PrepareSpec
        let specName: String, specSHA: String
        if spec == "helpdesk" {
          prepareSpec = PrepareSpec.helpdesk(roles.columns)
          (specName, specSHA) = ("built-in helpdesk", SHA256.hex(of: Array(roles.description.utf8)))
        } else {
          let loaded = try loader.prepareSpec(spec)
          (prepareSpec, specName, specSHA) = (loaded.spec, spec, loaded.sha256)
        }
        let provenancePath = output + ".provenance.json"
        try OutputFile.requireWritable(output, overwrite: force)
        try OutputFile.requireWritable(provenancePath, overwrite: force)
        let source = try DataSource.parse(data, sheet: sheet, table: self.table, query: query)
        let (table, sha) = try loader.table(source, digest: true)
        var job = PrepareJob(spec: prepareSpec, specName: specName, specSHA256: specSHA)
        job.dateFormat = dateFormat
        job.strict = strict
        job.percentScale = percentScale
        let prepared = try job.run(on: table, inputSHA256: sha ?? "")
        let bytes = output.lowercased().hasSuffix(".xlsx") ? try prepared.xlsx(file: output) : Array(prepared.csv().utf8)
        try OutputFile.write(bytes: bytes, to: output, overwrite: force)
        try OutputFile.write(
          prepared.provenanceJSON(outputSHA256: SHA256.hex(of: bytes), tool: "kpi-weights \(toolVersion)", inputQuery: source.query), to: provenancePath, overwrite: force)
        Terminal.printError(prepared.summary() + "wrote \(output) and \(provenancePath)")
      }
    }
  }
}

/// The column roles of the built-in `helpdesk` spec.
struct HelpdeskRoles: ParsableArguments, CustomStringConvertible {
  @Option(help: "Entity column (team, agent): one output row per entity and period.") var entity: String?
  @Option(help: "One output row per value of this column (e.g. the customer) instead.") var per: String?
  @Option(help: "Creation time column (the period is cut from it).") var created: String?
  @Option(help: "Period length: month, week or quarter.") var every: PrepareSpec.Every = .month
  @Option(help: "First response time column (→ response_hours, mean).") var firstResponse: String?
  @Option(help: "Resolution time column (→ resolution_hours, median).") var resolved: String?
  @Option(help: "Satisfaction score column (→ satisfaction_pct among rated tickets).") var score: String?
  @Option(help: "Lowest score that counts as satisfied.") var satisfiedFrom: Double = 4
  @Option(help: "Reopened yes/no column (→ first_fix_pct, share not reopened).") var reopened: String?
  @Option(help: "Cost column (→ cost_per_ticket, mean).") var cost: String?
  @Option(help: "Customer id column (for churn_pct).") var customer: String?
  @Option(help: "Customer left yes/no column (→ churn_pct of distinct customers, or churned 0/1 with --per).") var churned: String?

  var isGiven: Bool { [entity, per, created, firstResponse, resolved, score, reopened, cost, customer, churned].contains { $0 != nil } }

  var columns: PrepareSpec.HelpdeskColumns {
    var c = PrepareSpec.HelpdeskColumns(created: created ?? "")
    c.entity = entity
    c.per = per
    c.every = every
    c.firstResponse = firstResponse
    c.resolved = resolved
    c.score = score
    c.satisfiedFrom = satisfiedFrom
    c.reopened = reopened
    c.cost = cost
    c.customer = customer
    c.churned = churned
    return c
  }

  /// The roles as text (hashed as the built-in spec's identity in the provenance).
  var description: String {
    "helpdesk entity=\(entity ?? "") per=\(per ?? "") created=\(created ?? "") every=\(every.rawValue) firstResponse=\(firstResponse ?? "") resolved=\(resolved ?? "") score=\(score ?? "")>=\(satisfiedFrom) reopened=\(reopened ?? "") cost=\(cost ?? "") customer=\(customer ?? "") churned=\(churned ?? "")"
  }
}
