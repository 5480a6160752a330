import CLAPACKE

/// Factorisations and solves of symmetric positive-definite and general square systems (LAPACKE).
/// LAPACK `info` codes become ``LinearAlgebraError``s that name the matrix and the failing pivot.
public enum Factorization {
    /// The lower Cholesky factor L with A = L·Lᵀ (LAPACK `dpotrf`).
    /// - Parameter name: how the matrix is named in an error (e.g. "information matrix").
    /// - Throws: `.notSquare`, `.notPositiveDefinite(pivot:)`.
    public static func cholesky(_ a: Matrix, name: String = "A") throws(LinearAlgebraError) -> Matrix {
        guard a.rows == a.columns else { throw LinearAlgebraError(.notSquare(name: name, rows: a.rows, columns: a.columns)) }
        let n = a.rows
        var l = a
        if n == 0 { return l }
        try factorInPlace(&l, name: name)
        for i in 0..<n { for j in (i + 1)..<n { l.storage[i * n + j] = 0 } }
        return l
    }

    /// Solves A·X = B for symmetric positive-definite A (Cholesky, `dpotrf` + `dpotrs`).
    public static func solveSPD(_ a: Matrix, _ b: Matrix, name: String = "A") throws(LinearAlgebraError) -> Matrix {
        guard a.rows == a.columns else { throw LinearAlgebraError(.notSquare(name: name, rows: a.rows, columns: a.columns)) }
        guard b.rows == a.rows else {
            throw LinearAlgebraError(.dimensionMismatch(operation: "solve", lhs: "\(a.rows)×\(a.columns)", rhs: "\(b.rows)×\(b.columns)"))
        }
        let n = a.rows
        if n == 0 || b.columns == 0 { return b }
        var f = a
        var x = b
        try factorInPlace(&f, name: name)
        let info2 = f.storage.withUnsafeBufferPointer { pf in
            x.storage.withUnsafeMutableBufferPointer { px in
                LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), Int32(b.columns),
                               pf.baseAddress, Int32(n), px.baseAddress, Int32(b.columns))
            }
        }
        try check(info2, routine: "dpotrs", name: name, positiveDefinite: true)
        return x
    }

    /// Solves A·x = b for a vector b (symmetric positive-definite A).
    public static func solveSPD(_ a: Matrix, _ b: [Double], name: String = "A") throws(LinearAlgebraError) -> [Double] {
        let bm = try Matrix(rows: b.count, columns: 1, storage: b)
        return try solveSPD(a, bm, name: name).storage
    }

    /// The inverse of a symmetric positive-definite matrix (`dpotrf` + `dpotri`, mirrored to full).
    public static func inverseSPD(_ a: Matrix, name: String = "A") throws(LinearAlgebraError) -> Matrix {
        guard a.rows == a.columns else { throw LinearAlgebraError(.notSquare(name: name, rows: a.rows, columns: a.columns)) }
        let n = a.rows
        var f = a
        if n == 0 { return f }
        try factorInPlace(&f, name: name)
        let info2 = f.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotri(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
        }
        try check(info2, routine: "dpotri", name: name, positiveDefinite: true)
        for i in 0..<n { for j in (i + 1)..<n { f.storage[i * n + j] = f.storage[j * n + i] } }
        return f
    }

    /// Overwrites the lower triangle of the square `a` with its Cholesky factor (LAPACK `dpotrf`).
    private static func factorInPlace(_ a: inout Matrix, name: String) throws(LinearAlgebraError) {
        let n = a.rows
        // LAPACKE reports a NaN in the input as an illegal argument 4; name it for what it is.
        if let bad = a.storage.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError(.notFinite(name: name, row: bad / max(1, a.columns), column: bad % max(1, a.columns)))
        }
        let info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
        }
        try check(info, routine: "dpotrf", name: name, positiveDefinite: true)
    }

    /// Solves A·x = b for a general square A by LU with partial pivoting (LAPACK `dgesv`).
    /// - Throws: `.singular(pivot:)` when U has an exactly zero pivot.
    public static func solve(_ a: Matrix, _ b: [Double], name: String = "A") throws(LinearAlgebraError) -> [Double] {
        guard a.rows == a.columns else { throw LinearAlgebraError(.notSquare(name: name, rows: a.rows, columns: a.columns)) }
        guard b.count == a.rows else {
            throw LinearAlgebraError(.dimensionMismatch(operation: "solve", lhs: "\(a.rows)×\(a.columns)", rhs: "\(b.count)"))
        }
        let n = a.rows
        if n == 0 { return b }
        var f = a
        var x = b
        var ipiv = [Int32](repeating: 0, count: n)
        let info = f.storage.withUnsafeMutableBufferPointer { pf in
            x.withUnsafeMutableBufferPointer { px in
                ipiv.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), 1, pf.baseAddress, Int32(n), pp.baseAddress,
                                  px.baseAddress, 1)
                }
            }
        }
        try check(info, routine: "dgesv", name: name, positiveDefinite: false)
        return x
    }

    /// Log-determinant of a symmetric positive-definite matrix from its Cholesky factor: 2 Σ log Lᵢᵢ.
    public static func logDeterminantSPD(_ a: Matrix, name: String = "A") throws(LinearAlgebraError) -> Double {
        let l = try cholesky(a, name: name)
        return 2 * l.diagonal.reduce(0) { $0 + _log($1) }
    }

    private static func check(_ info: Int32, routine: String, name: String, positiveDefinite: Bool) throws(LinearAlgebraError) {
        if info == 0 { return }
        if info < 0 { throw LinearAlgebraError(.illegalArgument(routine: routine, argument: Int(-info))) }
        if positiveDefinite { throw LinearAlgebraError(.notPositiveDefinite(name: name, pivot: Int(info))) }
        throw LinearAlgebraError(.singular(name: name, pivot: Int(info)))
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
#else
import Foundation
@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
#endif
