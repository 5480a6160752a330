#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna 2021, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 47(4)), seeded through SplitMix64 so every seed gives
/// a well-mixed state. Its whole state is four words, so a CAT session can store and restore it.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The generator state (never all zero).
    public private(set) var state: [UInt64]

    /// A generator from a 64-bit seed.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = [splitMix(), splitMix(), splitMix(), splitMix()]
    }

    /// A generator restored from a stored state (four words, not all zero).
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        self.state = state
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = Self.rotl(state[3], 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw (Box–Muller on two uniforms; the first uniform is kept away from 0).
    public mutating func nextNormal() -> Double {
        let u1 = max(nextUniform(), 1e-300)
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
