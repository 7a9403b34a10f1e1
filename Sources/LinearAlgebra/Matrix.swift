/// A dense, column-major matrix of `Double`.
///
/// Element `(i, j)` lives at `storage[i + j * rows]`, the layout LAPACK expects, so a matrix can
/// be handed to a Fortran routine without copying or transposing.
///
/// `Matrix` is a value type (copy on write through its array storage) and `Sendable`.
public struct Matrix: Sendable, Equatable {
  /// Number of rows (`m`).
  public let rows: Int
  /// Number of columns (`n`).
  public let columns: Int
  /// Column-major elements, `rows * columns` of them.
  public internal(set) var storage: [Double]

  /// A `rows × columns` matrix with every element equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative, got \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over existing column-major storage.
  ///
  /// - Precondition: `storage.count == rows * columns`.
  public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
    precondition(
      storage.count == rows * columns,
      "Matrix storage holds \(storage.count) elements, expected \(rows)×\(columns) = \(rows * columns)")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// A matrix whose columns are the given arrays (all of the same length).
  public init(columns: [[Double]]) {
    let m = columns.first?.count ?? 0
    for (j, column) in columns.enumerated() {
      precondition(column.count == m, "Column \(j) has \(column.count) rows, expected \(m)")
    }
    self.rows = m
    self.columns = columns.count
    var storage: [Double] = []
    storage.reserveCapacity(m * columns.count)
    for column in columns { storage.append(contentsOf: column) }
    self.storage = storage
  }

  /// A matrix from row arrays, convenient in tests: `Matrix(rowMajor: [[1, 2], [3, 4]])`.
  public init(rowMajor rowArrays: [[Double]]) {
    let m = rowArrays.count
    let n = rowArrays.first?.count ?? 0
    var result = Matrix(rows: m, columns: n)
    for i in 0..<m {
      precondition(rowArrays[i].count == n, "Row \(i) has \(rowArrays[i].count) columns, expected \(n)")
      for j in 0..<n { result[i, j] = rowArrays[i][j] }
    }
    self = result
  }

  /// The identity matrix of order `n`.
  public static func identity(_ n: Int) -> Matrix {
    var result = Matrix(rows: n, columns: n)
    for i in 0..<n { result[i, i] = 1 }
    return result
  }

  public subscript(row: Int, column: Int) -> Double {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Index (\(row), \(column)) outside \(rows)×\(columns)")
      return storage[row + column * rows]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Index (\(row), \(column)) outside \(rows)×\(columns)")
      storage[row + column * rows] = newValue
    }
  }

  /// A copy of column `j`.
  public func column(_ j: Int) -> [Double] {
    precondition(j >= 0 && j < columns, "Column \(j) outside 0..<\(columns)")
    return Array(storage[(j * rows)..<((j + 1) * rows)])
  }

  /// A copy of row `i`.
  public func row(_ i: Int) -> [Double] {
    (0..<columns).map { self[i, $0] }
  }

  /// The matrix made of the listed columns, in the order given.
  public func selectingColumns(_ indices: [Int]) -> Matrix {
    var storage: [Double] = []
    storage.reserveCapacity(rows * indices.count)
    for j in indices {
      precondition(j >= 0 && j < columns, "Column \(j) outside 0..<\(columns)")
      storage.append(contentsOf: self.storage[(j * rows)..<((j + 1) * rows)])
    }
    return Matrix(rows: rows, columns: indices.count, columnMajor: storage)
  }

  /// The transpose.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for j in 0..<columns {
      for i in 0..<rows { result.storage[j + i * columns] = storage[i + j * rows] }
    }
    return result
  }

  /// `self · vector`.
  public func multiplied(by vector: [Double]) -> [Double] {
    precondition(vector.count == columns, "Vector of length \(vector.count) cannot multiply a \(rows)×\(columns) matrix")
    var result = [Double](repeating: 0, count: rows)
    storage.withUnsafeBufferPointer { a in
      result.withUnsafeMutableBufferPointer { y in
        for j in 0..<columns {
          let xj = vector[j]
          if xj == 0 { continue }
          let base = j * rows
          for i in 0..<rows { y[i] += a[base + i] * xj }
        }
      }
    }
    return result
  }

  /// `selfᵀ · vector`.
  public func transposeMultiplied(by vector: [Double]) -> [Double] {
    precondition(vector.count == rows, "Vector of length \(vector.count) cannot multiply the transpose of a \(rows)×\(columns) matrix")
    var result = [Double](repeating: 0, count: columns)
    storage.withUnsafeBufferPointer { a in
      vector.withUnsafeBufferPointer { x in
        for j in 0..<columns {
          var sum = 0.0
          let base = j * rows
          for i in 0..<rows { sum += a[base + i] * x[i] }
          result[j] = sum
        }
      }
    }
    return result
  }

  /// The matrix product `self · other`.
  public func multiplied(by other: Matrix) -> Matrix {
    precondition(columns == other.rows, "Cannot multiply \(rows)×\(columns) by \(other.rows)×\(other.columns)")
    var result = Matrix(rows: rows, columns: other.columns)
    for j in 0..<other.columns {
      for k in 0..<columns {
        let b = other[k, j]
        if b == 0 { continue }
        for i in 0..<rows { result.storage[i + j * rows] += storage[i + k * rows] * b }
      }
    }
    return result
  }

  /// The first finite-check failure, as `(row, column)`, or `nil` when every element is finite.
  /// Every element times `factor`.
  public func scaled(by factor: Double) -> Matrix { Matrix(rows: rows, columns: columns, columnMajor: storage.map { $0 * factor }) }

  /// The element-wise sum with a matrix of the same shape.
  public func adding(_ other: Matrix) -> Matrix {
    precondition(rows == other.rows && columns == other.columns, "adding \(other.rows)×\(other.columns) to \(rows)×\(columns)")
    return Matrix(rows: rows, columns: columns, columnMajor: zip(storage, other.storage).map { $0 + $1 })
  }

  public func firstNonFiniteElement() -> (row: Int, column: Int)? {
    for (index, value) in storage.enumerated() where !value.isFinite {
      return (index % max(rows, 1), index / max(rows, 1))
    }
    return nil
  }
}

extension Matrix: CustomStringConvertible {
  public var description: String {
    (0..<rows).map { i in (0..<columns).map { "\(self[i, $0])" }.joined(separator: "\t") }
      .joined(separator: "\n")
  }
}
