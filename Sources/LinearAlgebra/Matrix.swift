/// A dense matrix of `Double` stored in **row-major** order: element (i, j) lives at
/// `storage[i * columns + j]`. Every matrix in MentorCert is row-major; BLAS and LAPACK calls pass
/// `CblasRowMajor` / `LAPACK_ROW_MAJOR` so no transposed copies are made.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, row after row (`rows * columns` values).
    public var storage: [Double]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    /// - Throws: `LinearAlgebraError` when `storage.count != rows * columns`.
    public init(rows: Int, columns: Int, storage: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, storage.count == rows * columns else {
            throw LinearAlgebraError(.storageSize(rows: rows, columns: columns, count: storage.count))
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from an array of rows; every row must have the same length.
    public init(_ rowArrays: [[Double]]) throws(LinearAlgebraError) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        for (i, row) in rowArrays.enumerated() where row.count != c {
            throw LinearAlgebraError(.raggedRows(row: i, expected: c, found: row.count))
        }
        self.rows = r
        self.columns = c
        self.storage = rowArrays.flatMap { $0 }
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// Element access (row-major). Out-of-range indices are a programmer error.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[row * columns + column] = newValue
        }
    }

    /// The transpose, as a new row-major matrix. O(rows · columns).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.storage[j * rows + i] = storage[i * columns + j] }
        }
        return t
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        Array(storage[(i * columns)..<((i + 1) * columns)])
    }

    /// The diagonal of a square or rectangular matrix.
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { storage[$0 * columns + $0] }
    }

    /// Largest absolute element (0 for an empty matrix).
    public var maxAbs: Double { storage.reduce(0) { Swift.max($0, abs($1)) } }

    public var description: String {
        (0..<rows).map { i in row(i).map { String(format: "%.6g", $0) }.joined(separator: " ") }
            .joined(separator: "\n")
    }
}

#if canImport(Foundation)
import Foundation
#endif
