import LinearAlgebra
import Testing

/// Products checked against hand computations with A = [[1, 2, 3], [4, 5, 6]].
@Suite("BLAS products")
struct BLASTests {
    @Test("gemm A·B (2×3 · 3×2)")
    func gemmPlain() throws {
        let b = matrix([[7, 8], [9, 10], [11, 12]])
        // Row 1: 1·7 + 2·9 + 3·11 = 58, 1·8 + 2·10 + 3·12 = 64; row 2: 139, 154.
        let c = try BLAS.multiply(a23, b)
        #expect(c == matrix([[58, 64], [139, 154]]))
    }

    struct TransposeCase: Sendable, CustomTestStringConvertible {
        let label: String
        let lhs: Matrix
        let rhs: Matrix
        let transposeA: Bool
        let transposeB: Bool
        let expected: Matrix
        var testDescription: String { label }
    }

    static let transposeCases: [TransposeCase] = [
        // AᵀA: column inner products of (1,4), (2,5), (3,6).
        TransposeCase(label: "Aᵀ·A (3×3)", lhs: a23, rhs: a23, transposeA: true, transposeB: false,
                      expected: matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]])),
        // AAᵀ: row inner products: 1+4+9 = 14, 4+10+18 = 32, 16+25+36 = 77.
        TransposeCase(label: "A·Aᵀ (2×2)", lhs: a23, rhs: a23, transposeA: false, transposeB: true,
                      expected: matrix([[14, 32], [32, 77]])),
        // A·Bᵀ with B = [[1, 0, −1], [2, 1, 0]]: [[1 − 3, 2 + 2], [4 − 6, 8 + 5]].
        TransposeCase(label: "A·Bᵀ (2×3 · 3×2)", lhs: a23, rhs: matrix([[1, 0, -1], [2, 1, 0]]),
                      transposeA: false, transposeB: true, expected: matrix([[-2, 4], [-2, 13]])),
        // Aᵀ·Dᵀ = (D·A)ᵀ with D = [[1, 1], [0, 1]]: D·A = [[5, 7, 9], [4, 5, 6]].
        TransposeCase(label: "Aᵀ·Dᵀ (3×2 · 2×2)", lhs: a23, rhs: matrix([[1, 1], [0, 1]]),
                      transposeA: true, transposeB: true, expected: matrix([[5, 4], [7, 5], [9, 6]])),
    ]

    @Test("gemm with transposes", arguments: transposeCases)
    func gemmTransposes(_ c: TransposeCase) throws {
        let product = try BLAS.multiply(c.lhs, c.rhs, transposeA: c.transposeA, transposeB: c.transposeB)
        #expect(product == c.expected)
    }

    @Test("gemm on empty shapes gives the right (zero) shape", arguments: [
        (0, 3, 2), (2, 0, 3), (2, 3, 0), (0, 0, 0),
    ])
    func gemmEmpty(m: Int, k: Int, n: Int) throws {
        let a = Matrix(rows: m, columns: k, repeating: 1)
        let b = Matrix(rows: k, columns: n, repeating: 1)
        let c = try BLAS.multiply(a, b)
        #expect(c.rows == m && c.columns == n)
        #expect(c.storage.allSatisfy { $0 == 0 })
        #expect(c.storage.count == m * n)
    }

    @Test("gemm with non-conforming shapes throws .dimensionMismatch")
    func gemmMismatch() {
        let error = #expect(throws: LinearAlgebraError.self) { try BLAS.multiply(a23, a23) }
        guard case let .dimensionMismatch(operation, lhs, rhs)? = error?.kind else {
            Issue.record("expected .dimensionMismatch, got \(String(describing: error))")
            return
        }
        #expect(operation == "gemm")
        #expect(lhs == "2×3" && rhs == "2×3")
        #expect(error?.description.contains("2×3") == true)
    }

    @Test("pointer gemm: C ← 2·A·B + 1·C on row-major buffers with leading dimensions")
    func pointerGemm() {
        // A is the left 2×2 block of a 2×3 buffer (lda = 3): [[1, 2], [4, 5]].
        let a: [Double] = [1, 2, 3, 4, 5, 6]
        let b: [Double] = [1, 0, 1, 1]  // [[1, 0], [1, 1]]
        var c: [Double] = [10, 20, 30, 40]
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, alpha: 2,
                              a: pa.baseAddress!, lda: 3, b: pb.baseAddress!, ldb: 2,
                              beta: 1, c: pc.baseAddress!, ldc: 2)
                }
            }
        }
        // [[1, 2], [4, 5]]·[[1, 0], [1, 1]] = [[3, 2], [9, 5]]; 2·that + C = [[16, 24], [48, 50]].
        #expect(c == [16, 24, 48, 50])
    }

    @Test("gemv A·x and Aᵀ·y")
    func gemv() throws {
        // A·(1, 0, −1) = (1 − 3, 4 − 6).
        #expect(try BLAS.gemv(a23, [1, 0, -1]) == [-2, -2])
        // Aᵀ·(1, 1) = column sums.
        #expect(try BLAS.gemv(a23, [1, 1], transpose: true) == [5, 7, 9])
        // Aᵀ·(2, −1) = (2 − 4, 4 − 5, 6 − 6).
        #expect(try BLAS.gemv(a23, [2, -1], transpose: true) == [-2, -1, 0])
    }

    @Test("gemv on empty shapes")
    func gemvEmpty() throws {
        #expect(try BLAS.gemv(Matrix(rows: 0, columns: 3), [1, 2, 3]) == [])
        #expect(try BLAS.gemv(Matrix(rows: 2, columns: 0), []) == [0, 0])
        #expect(try BLAS.gemv(Matrix(rows: 2, columns: 0), [1, 1], transpose: true) == [])
    }

    @Test("gemv with a wrong vector length throws .dimensionMismatch", arguments: [false, true])
    func gemvMismatch(transpose: Bool) {
        let x: [Double] = transpose ? [1, 2, 3] : [1, 2]
        let error = #expect(throws: LinearAlgebraError.self) { try BLAS.gemv(a23, x, transpose: transpose) }
        guard case let .dimensionMismatch(operation, _, rhs)? = error?.kind else {
            Issue.record("expected .dimensionMismatch, got \(String(describing: error))")
            return
        }
        #expect(operation == "gemv")
        #expect(rhs == "\(x.count)")
    }

    @Test("dot products")
    func dot() throws {
        #expect(try BLAS.dot([1, 2, 3], [4, -5, 6]) == 12)  // 4 − 10 + 18
        #expect(try BLAS.dot([], []) == 0)
        #expect(try BLAS.dot([0.5], [0.25]) == 0.125)
        let error = #expect(throws: LinearAlgebraError.self) { try BLAS.dot([1, 2], [1, 2, 3]) }
        #expect(error?.kind == .dimensionMismatch(operation: "dot", lhs: "2", rhs: "3"))
    }

    @Test("syrk gives the full symmetric Gram matrix")
    func syrk() {
        #expect(BLAS.syrk(a23, transpose: true) == matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        #expect(BLAS.syrk(a23, transpose: false) == matrix([[14, 32], [32, 77]]))
        // A single row (1, −2): outer product [[1, −2], [−2, 4]].
        #expect(BLAS.syrk(matrix([[1, -2]])) == matrix([[1, -2], [-2, 4]]))
    }

    @Test("syrk on empty shapes")
    func syrkEmpty() {
        let noRows = Matrix(rows: 0, columns: 3)
        #expect(BLAS.syrk(noRows, transpose: true) == Matrix(rows: 3, columns: 3))
        #expect(BLAS.syrk(noRows, transpose: false) == Matrix(rows: 0, columns: 0))
    }

    @Test("setThreads bounds the OpenBLAS thread count")
    func threads() {
        let before = BLAS.threads
        BLAS.setThreads(1)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(0)  // clamped to 1
        #expect(BLAS.threads == 1)
        BLAS.setThreads(before)
    }
}
