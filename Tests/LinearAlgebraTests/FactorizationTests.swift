import Foundation
import LinearAlgebra
import Testing

@Suite("Cholesky, SPD solves and LU solve")
struct FactorizationTests {
    /// The lower factor of the NAG/LAPACK DPOTRF example. The first two columns are exact by hand:
    /// L₁₁ = √4.16, L₂₁ = −3.12/√4.16, L₃₁ = 0.56/√4.16, L₄₁ = −0.10/√4.16;
    /// L₂₂² = 5.03 − 3.12²/4.16 = 5.03 − 2.34 = 2.69, L₃₂ = (−0.83 + 0.42)/√2.69 = −0.41/√2.69,
    /// L₄₂ = (1.18 − 0.075)/√2.69 = 1.105/√2.69. The last two columns are checked against the four
    /// decimals NAG prints (0.7887; 0.6617, 0.5347).
    @Test("Cholesky of the NAG/LAPACK DPOTRF example")
    func choleskyPublishedExample() throws {
        let l = try Factorization.cholesky(nagSPD)
        let r1 = 4.16.squareRoot(), r2 = 2.69.squareRoot()
        let exact: [(Int, Int, Double)] = [
            (0, 0, r1), (1, 0, -3.12 / r1), (2, 0, 0.56 / r1), (3, 0, -0.10 / r1),
            (1, 1, r2), (2, 1, -0.41 / r2), (3, 1, 1.105 / r2),
        ]
        for (i, j, value) in exact {
            #expect(abs(l[i, j] - value) < 1e-14, "L[\(i),\(j)] = \(l[i, j]), expected \(value)")
        }
        let published: [(Int, Int, Double)] = [(2, 2, 0.7887), (3, 2, 0.6617), (3, 3, 0.5347)]
        for (i, j, value) in published {
            #expect(abs(l[i, j] - value) < 5e-5, "L[\(i),\(j)] = \(l[i, j]), NAG prints \(value)")
        }
        // Strictly upper triangle is zero.
        for i in 0..<4 { for j in (i + 1)..<4 { #expect(l[i, j] == 0) } }
        // L·Lᵀ reproduces A.
        let product = try BLAS.multiply(l, l, transposeB: true)
        #expect(maxDifference(product, nagSPD) < 1e-14)
    }

    @Test("Cholesky of a small matrix with an integer factor")
    func choleskyHand() throws {
        // [[4, 2, 2], [2, 5, 3], [2, 3, 6]] = L·Lᵀ with L = [[2, 0, 0], [1, 2, 0], [1, 1, 2]].
        let a = matrix([[4, 2, 2], [2, 5, 3], [2, 3, 6]])
        let l = try Factorization.cholesky(a)
        #expect(maxDifference(l, matrix([[2, 0, 0], [1, 2, 0], [1, 1, 2]])) < 1e-15)
    }

    @Test("solveSPD on the NAG/LAPACK DPOTRS example (two right-hand sides)")
    func solveSPDPublished() throws {
        let b = matrix([[8.70, 8.30], [-13.35, 2.13], [1.89, 1.61], [-4.14, 5.00]])
        let x = try Factorization.solveSPD(nagSPD, b)
        #expect(maxDifference(x, matrix([[1, 4], [-1, 3], [2, 2], [-3, 1]])) < 1e-12)
        let v = try Factorization.solveSPD(nagSPD, [8.70, -13.35, 1.89, -4.14])
        #expect(maxDifference(v, [1, -1, 2, -3]) < 1e-12)
    }

    @Test("solveSPD rejects a right-hand side with the wrong number of rows")
    func solveSPDMismatch() {
        let error = #expect(throws: LinearAlgebraError.self) {
            try Factorization.solveSPD(nagSPD, [1, 2, 3])
        }
        guard case .dimensionMismatch(operation: "solve", _, _)? = error?.kind else {
            Issue.record("expected .dimensionMismatch, got \(String(describing: error))")
            return
        }
    }

    @Test("inverseSPD: hand inverse and A·A⁻¹ = I")
    func inverseSPD() throws {
        // [[4, 2], [2, 3]]⁻¹ = (1/8)·[[3, −2], [−2, 4]].
        let small = try Factorization.inverseSPD(matrix([[4, 2], [2, 3]]))
        #expect(maxDifference(small, matrix([[0.375, -0.25], [-0.25, 0.5]])) < 1e-15)

        let inverse = try Factorization.inverseSPD(nagSPD)
        #expect(inverse == inverse.transposed, "the inverse is returned as a full symmetric matrix")
        let identity = try BLAS.multiply(nagSPD, inverse)
        #expect(maxDifference(identity, Matrix.identity(4)) < 1e-12)
    }

    @Test("general solve (dgesv) on the NAG/LAPACK DGESV example")
    func solvePublished() throws {
        let a = matrix([
            [1.80, 2.88, 2.05, -0.89],
            [5.25, -2.95, -0.95, -3.80],
            [1.58, -2.69, -2.90, -1.04],
            [-1.11, -0.66, -0.59, 0.80],
        ])
        let x = try Factorization.solve(a, [9.52, 24.35, 0.77, -6.22])
        #expect(maxDifference(x, [1, -1, 3, -5]) < 1e-12)
    }

    /// The failing pivot is the order of the first leading minor that is not positive.
    /// [[1, 2], [2, 1]]: minors 1, −3 → pivot 2. [[4, 2, 2], [2, 5, 3], [2, 3, 1]]: minors 4, 16,
    /// det = 4(5 − 9) − 2(2 − 6) + 2(6 − 10) = −16 → pivot 3 (by hand L₃₃² = 1 − 1 − 1 = −1).
    /// [[−1, 0], [0, 1]]: pivot 1.
    @Test("a non-SPD matrix throws .notPositiveDefinite naming the matrix and the pivot", arguments: [
        ([[1.0, 2], [2, 1]], 2),
        ([[4.0, 2, 2], [2, 5, 3], [2, 3, 1]], 3),
        ([[-1.0, 0], [0, 1]], 1),
    ])
    func notPositiveDefinite(rows: [[Double]], pivot: Int) {
        let a = matrix(rows)
        let name = "information matrix"
        let expected = LinearAlgebraError(.notPositiveDefinite(name: name, pivot: pivot))
        #expect(throws: expected) { try Factorization.cholesky(a, name: name) }
        #expect(throws: expected) { try Factorization.solveSPD(a, [Double](repeating: 1, count: a.rows), name: name) }
        #expect(throws: expected) { try Factorization.inverseSPD(a, name: name) }
        #expect(throws: expected) { try Factorization.logDeterminantSPD(a, name: name) }
        #expect(expected.description.contains("'information matrix'"))
        #expect(expected.description.contains("order \(pivot)"))
    }

    /// [[1, 2], [2, 4]]: partial pivoting takes row 2 (pivot 2), then row 1 − ½·row 2 = (0, 0) → U₂₂ = 0.
    /// [[0, 0], [0, 1]]: the first column is zero → pivot 1.
    @Test("a singular matrix to solve throws .singular with the zero pivot", arguments: [
        ([[1.0, 2], [2, 4]], 2),
        ([[0.0, 0], [0, 1]], 1),
    ])
    func singular(rows: [[Double]], pivot: Int) {
        let error = #expect(throws: LinearAlgebraError.self) {
            try Factorization.solve(matrix(rows), [1, 1], name: "normal equations")
        }
        #expect(error?.kind == .singular(name: "normal equations", pivot: pivot))
        #expect(error?.description.contains("'normal equations'") == true)
    }

    @Test("logDeterminantSPD against hand determinants", arguments: [
        ([[4.0, 2], [2, 3]], 8.0),                          // 12 − 4
        ([[2.0, 0, 0], [0, 3, 0], [0, 0, 5]], 30.0),       // product of the diagonal
        ([[4.0, 2, 2], [2, 5, 3], [2, 3, 6]], 64.0),       // (2·2·2)²
    ])
    func logDeterminant(rows: [[Double]], determinant: Double) throws {
        let value = try Factorization.logDeterminantSPD(matrix(rows))
        #expect(abs(value - log(determinant)) < 1e-14)
    }

    @Test("non-square input throws .notSquare naming the matrix")
    func notSquare() {
        let expected = LinearAlgebraError(.notSquare(name: "Hessian", rows: 2, columns: 3))
        #expect(throws: expected) { try Factorization.cholesky(a23, name: "Hessian") }
        #expect(throws: expected) { try Factorization.inverseSPD(a23, name: "Hessian") }
        #expect(throws: expected) { try Factorization.solve(a23, [1, 2], name: "Hessian") }
        #expect(throws: expected) { try Factorization.solveSPD(a23, [1, 2], name: "Hessian") }
        #expect(expected.description.contains("'Hessian'"))
    }

    @Test("empty systems are returned unchanged")
    func empty() throws {
        let empty = Matrix(rows: 0, columns: 0)
        #expect(try Factorization.cholesky(empty) == empty)
        #expect(try Factorization.inverseSPD(empty) == empty)
        #expect(try Factorization.solve(empty, []) == [])
        #expect(try Factorization.solveSPD(empty, []) == [])
        #expect(try Factorization.logDeterminantSPD(empty) == 0)
    }
}
