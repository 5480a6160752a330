import COpenBLAS

/// Thin, shape-checked wrappers over CBLAS (OpenBLAS). All matrices are row-major.
///
/// The value-level functions (`multiply`, `gemv`, `syrk`, `dot`) check shapes and throw
/// ``LinearAlgebraError`` instead of letting BLAS read out of bounds. The pointer-level
/// ``BLAS/gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` is for hot loops (the
/// E-step) whose callers own the shapes.
public enum BLAS {
    /// Number of threads OpenBLAS may use for one call. MentorCert's E-step runs person blocks on both
    /// cores with one BLAS thread each (measured faster than OpenBLAS's own threading for tall-skinny
    /// products; see `TOOLCHAIN.md` facts and `Benchmarks/README.md`).
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// Threads OpenBLAS currently uses.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// `C ← alpha · op(A) · op(B) + beta · C` on raw row-major buffers (CBLAS `dgemm`).
    ///
    /// `op(A)` is m × k, `op(B)` is k × n, C is m × n. Cost: 2·m·n·k flops.
    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `C ← alpha · AᵀA + beta · C` on raw row-major buffers (CBLAS `dsyrk`, upper triangle only): A is
    /// k × n (k rows of n columns, leading dimension `lda`), C is n × n (`ldc`). Only C's upper triangle
    /// (j ≥ i) is written; callers mirror it when they need the full matrix. Accumulating person blocks
    /// with `beta = 1` forms a cross-product matrix without a copy of the whole data. Cost n²·k flops.
    @inlinable
    public static func syrkTransposedUpper(
        n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// `op(A) · op(B)` as a new matrix (CBLAS `dgemm`). Cost 2·m·n·k flops.
    /// - Throws: ``LinearAlgebraError`` `.dimensionMismatch` when the inner dimensions differ.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false
    ) throws(LinearAlgebraError) -> Matrix {
        let (m, ka) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        guard ka == kb else {
            throw LinearAlgebraError(.dimensionMismatch(
                operation: "gemm", lhs: "\(m)×\(ka)", rhs: "\(kb)×\(n)"))
        }
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if ka == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let ap = pa.baseAddress, let bp = pb.baseAddress, let cp = pc.baseAddress else { return }
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka, alpha: 1,
                         a: ap, lda: a.columns, b: bp, ldb: b.columns, beta: 0, c: cp, ldc: n)
                }
            }
        }
        return c
    }

    /// `op(A) · x` (CBLAS `dgemv`). Cost 2·m·n flops.
    public static func gemv(_ a: Matrix, _ x: [Double], transpose: Bool = false) throws(LinearAlgebraError) -> [Double] {
        let (m, n) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
        guard x.count == n else {
            throw LinearAlgebraError(.dimensionMismatch(operation: "gemv", lhs: "\(m)×\(n)", rhs: "\(x.count)"))
        }
        var y = [Double](repeating: 0, count: m)
        if m == 0 || n == 0 { return y }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    guard let ap = pa.baseAddress, let xp = px.baseAddress, let yp = py.baseAddress else { return }
                    cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                                Int32(a.rows), Int32(a.columns), 1, ap, Int32(a.columns), xp, 1, 0, yp, 1)
                }
            }
        }
        return y
    }

    /// Inner product xᵀy (CBLAS `ddot`).
    public static func dot(_ x: [Double], _ y: [Double]) throws(LinearAlgebraError) -> Double {
        guard x.count == y.count else {
            throw LinearAlgebraError(.dimensionMismatch(operation: "dot", lhs: "\(x.count)", rhs: "\(y.count)"))
        }
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                guard let xp = px.baseAddress, let yp = py.baseAddress else { return 0 }
                return cblas_ddot(Int32(x.count), xp, 1, yp, 1)
            }
        }
    }

    /// The Gram matrix `AᵀA` (`transpose == true`, k × k for an n × k A) or `AAᵀ` (n × n), computed by
    /// CBLAS `dsyrk` on the upper triangle and mirrored. Cost n·k² flops.
    public static func syrk(_ a: Matrix, transpose: Bool = true) -> Matrix {
        let (n, k) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
        var c = Matrix(rows: n, columns: n)
        if n == 0 || k == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                guard let ap = pa.baseAddress, let cp = pc.baseAddress else { return }
                cblas_dsyrk(CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans,
                            Int32(n), Int32(k), 1, ap, Int32(a.columns), 0, cp, Int32(n))
            }
        }
        for i in 0..<n { for j in 0..<i { c.storage[i * n + j] = c.storage[j * n + i] } }
        return c
    }
}
