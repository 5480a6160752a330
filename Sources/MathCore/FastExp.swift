/// A vectorisable exponential for the E-step's posterior weights.
///
/// ```
/// exp(x) = 2^k · exp(r),   k = round(x / ln 2),   r = x − k·ln 2  (|r| ≤ ln 2 / 2)
/// ```
/// with ln 2 split in a high and a low part (Cody & Waite 1980) and exp(r) by its Taylor polynomial
/// of degree 13 (truncation error < 2e−17 relative). k is obtained by the round-to-nearest
/// "magic-number" trick (adding 1.5·2⁵², whose low mantissa bits then hold k), so the loop has no
/// branches or library calls and the compiler vectorises it. Arguments are clamped to [−708, 0]
/// (the E-step only exponentiates log-weights minus their row maximum): exp(−708) ≈ 3e−308 stands
/// in for smaller values, negligible against the row maximum's weight of 1.
///
/// Measured relative error against the C library `exp` over [−708, 0]: below 4e−16 (see the tests).
public enum FastExp {
    /// Replaces `values[i]` by exp(values[i]) for `count` values, each expected to be ≤ 0.
    /// Complexity O(count), about 1 ns per value on the benchmark machine.
    @inlinable
    public static func expNonPositiveInPlace(_ values: UnsafeMutablePointer<Double>, count: Int) {
        let invLn2 = 1.4426950408889634
        let ln2Hi = 6.93147180369123816490e-01
        let ln2Lo = 1.90821492927058770002e-10
        let shifter = 6755399441055744.0 // 1.5 · 2^52
        let shifterBits = Int64(bitPattern: shifter.bitPattern)
        for i in 0..<count {
            var x = values[i]
            x = x < -708 ? -708 : x
            x = x > 0 ? 0 : x
            let t = x * invLn2 + shifter
            let k = t - shifter
            let r = x.addingProduct(-k, ln2Hi).addingProduct(-k, ln2Lo)
            // Horner with fused multiply-adds (one rounding per step; vfmadd on AVX2/FMA builds).
            var p = 1.0 / 6227020800.0
            p = (1.0 / 479001600.0).addingProduct(p, r)
            p = (1.0 / 39916800.0).addingProduct(p, r)
            p = (1.0 / 3628800.0).addingProduct(p, r)
            p = (1.0 / 362880.0).addingProduct(p, r)
            p = (1.0 / 40320.0).addingProduct(p, r)
            p = (1.0 / 5040.0).addingProduct(p, r)
            p = (1.0 / 720.0).addingProduct(p, r)
            p = (1.0 / 120.0).addingProduct(p, r)
            p = (1.0 / 24.0).addingProduct(p, r)
            p = (1.0 / 6.0).addingProduct(p, r)
            p = 0.5.addingProduct(p, r)
            p = 1.0.addingProduct(p, r)
            p = 1.0.addingProduct(p, r)
            let ki = Int64(bitPattern: t.bitPattern) &- shifterBits
            let scale = Double(bitPattern: UInt64(bitPattern: (ki &+ 1023) << 52))
            values[i] = p * scale
        }
    }
}
