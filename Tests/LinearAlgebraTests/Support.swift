import LinearAlgebra
import Testing

/// Largest absolute elementwise difference of two equally shaped matrices (∞ when the shapes differ).
func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    guard a.rows == b.rows, a.columns == b.columns else { return .infinity }
    return zip(a.storage, b.storage).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Largest absolute elementwise difference of two equally long vectors (∞ when the lengths differ).
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Builds a matrix from literal rows; a ragged literal is a bug in the test itself.
func matrix(_ rows: [[Double]]) -> Matrix {
    do { return try Matrix(rows) } catch { fatalError("bad test matrix: \(error)") }
}

/// The 4 × 4 symmetric positive-definite matrix of the NAG/LAPACK example for DPOTRF/DPOTRS
/// (NAG Library F07FDF and F07FEF examples).
let nagSPD = matrix([
    [4.16, -3.12, 0.56, -0.10],
    [-3.12, 5.03, -0.83, 1.18],
    [0.56, -0.83, 0.76, 0.34],
    [-0.10, 1.18, 0.34, 1.18],
])

/// A 2 × 3 matrix used by the product tests: [[1, 2, 3], [4, 5, 6]].
let a23 = matrix([[1, 2, 3], [4, 5, 6]])
