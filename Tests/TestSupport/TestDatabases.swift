import Foundation

/// The databases the source tests read: SQLite files made with the `sqlite3` shell, and the
/// throwaway PostgreSQL server `scripts/with-postgres.sh` starts (`make test` runs the suite
/// inside it).
public enum TestDatabases {
  /// `postgresql://kpi@127.0.0.1:PORT/kpi`, when the suite runs under `scripts/with-postgres.sh`.
  public static var postgresURI: String? { ProcessInfo.processInfo.environment["KPI_WEIGHTS_TEST_POSTGRES"] }
  /// The test role's password (never in the URI).
  public static var postgresPassword: String { ProcessInfo.processInfo.environment["KPI_WEIGHTS_TEST_PGPASSWORD"] ?? "" }
  /// Whether PostgreSQL tests can run; under CI (`CI=true`) a missing server is a failure instead,
  /// so the tests cannot be skipped unnoticed there.
  public static var hasPostgres: Bool { postgresURI != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Runs SQL on the test server with `psql` (stops at the first error).
  @discardableResult
  public static func psql(_ sql: String) throws -> CommandResult {
    guard let uri = postgresURI else { throw TestDatabaseError.noServer }
    let result = try CLI.runTool("psql", ["-q", "-v", "ON_ERROR_STOP=1", uri], environment: ["PGPASSWORD": postgresPassword], input: sql)
    guard result.exitCode == 0 else { throw TestDatabaseError.failed(result.stderr) }
    return result
  }

  /// An SQLite file made by running `sql` in the `sqlite3` shell (in a fresh temporary folder).
  public static func sqlite(_ sql: String, name: String = "history.db") throws -> String {
    let path = try CLI.temporaryDirectory().appendingPathComponent(name).path
    let result = try CLI.runTool("sqlite3", ["-bail", path], input: sql)
    guard result.exitCode == 0 else { throw TestDatabaseError.failed(result.stderr) }
    return path
  }

  /// A table name no other test uses.
  public static func uniqueName(_ stem: String) -> String { "\(stem)_\(UUID().uuidString.prefix(8).lowercased())" }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
  case noServer
  case failed(String)
  public var description: String {
    switch self {
    case .noServer: return "no PostgreSQL server: run the suite with `make test` (scripts/with-postgres.sh swift test)"
    case .failed(let message): return message
    }
  }
}
