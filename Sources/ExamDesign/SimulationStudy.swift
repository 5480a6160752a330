import Foundation
import Dispatch
import Synchronization
import AdaptiveTesting
import IRTModels
import MathCore

/// How the true θ of simulated candidates are drawn.
public enum ThetaDistribution: Sendable, Equatable {
    /// θ ~ the pool's latent distribution.
    case latent
    /// θ ~ U(lo, hi).
    case uniform(Double, Double)
    /// Equal numbers at every level, θ uniform within it (the outer levels one unit beyond their cut).
    case levels
    /// Given values, one candidate each.
    case values([Double])
}

/// A simulation study of an adaptive exam design: the real engine on simulated candidates whose
/// responses are drawn from the pool's own parameters (``Simulation/response(_:theta:generator:)``).
/// Candidate c uses generators seeded from (seed, c) only, so a study is reproducible and runs in
/// parallel without changing a single draw.
public struct SimulationStudy: Sendable {
    public let engine: AdaptiveEngine
    public let examinees: Int
    public let seed: UInt64
    public let thetas: ThetaDistribution

    public init(engine: AdaptiveEngine, examinees: Int, seed: UInt64, thetas: ThetaDistribution = .latent) throws(AdaptiveTestingError) {
        if case .values(let v) = thetas {
            guard !v.isEmpty, v.allSatisfy(\.isFinite) else { throw .invalidSettings("the θ values must be finite numbers, at least one") }
        } else {
            guard examinees >= 1 else { throw .invalidSettings("simulate at least one examinee") }
        }
        if case .uniform(let lo, let hi) = thetas {
            guard lo.isFinite, hi.isFinite, lo < hi else { throw .invalidSettings("uniform θ needs finite LO < HI") }
        }
        if thetas == .levels, engine.pool.cuts.isEmpty {
            throw .invalidSettings("θ drawn by level needs cut scores; the pool has none")
        }
        self.engine = engine
        self.thetas = thetas
        self.seed = seed
        if case .values(let v) = thetas { self.examinees = v.count } else { self.examinees = examinees }
    }

    /// The true θ of every simulated candidate.
    public func trueThetas() -> [Double] {
        var g = SeededGenerator(seed: seed)
        let pool = engine.pool
        switch thetas {
        case .latent:
            return (0..<examinees).map { _ in pool.latent.mean + pool.latent.standardDeviation * g.nextNormal() }
        case .uniform(let lo, let hi):
            return (0..<examinees).map { _ in lo + (hi - lo) * g.nextUniform() }
        case .levels:
            let cuts = pool.cuts
            let edges = [cuts[0] - 1] + cuts + [cuts[cuts.count - 1] + 1]
            return (0..<examinees).map { c in
                let k = c % (cuts.count + 1)
                return edges[k] + (edges[k + 1] - edges[k]) * g.nextUniform()
            }
        case .values(let v):
            return v
        }
    }

    /// One simulated exam.
    public struct Outcome: Sendable, Equatable {
        public var trueTheta: Double
        public var result: AdaptiveResult
        /// Items offered to the Sympson–Hetter lottery.
        public var lotteryItems: [Int]

        public init(trueTheta: Double, result: AdaptiveResult, lotteryItems: [Int]) {
            self.trueTheta = trueTheta; self.result = result; self.lotteryItems = lotteryItems
        }
    }

    /// The seeds of candidate `c`: the engine's generator from (seed, c, 1), the answers from (seed, c, 2).
    /// Recorded simulations (`exam simulate --record`) use the same seeds, so a candidate's recorded
    /// session gives the result of the same candidate in the study.
    public static func seeds(seed: UInt64, candidate c: Int) -> (engine: UInt64, answers: UInt64) {
        let base = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(c)
        return (base &* 2 &+ 1, base &* 2 &+ 2)
    }

    /// Runs every candidate, at most `maxConcurrency` at a time.
    public func run(maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
                    progress: (@Sendable (Int) -> Void)? = nil) -> [Outcome] {
        let truth = trueThetas()
        let chunks = max(1, min(maxConcurrency * 4, truth.count))
        let collected = Mutex<[Int: [Outcome]]>([:])
        let done = Mutex(0)
        let engine = self.engine, seed = self.seed
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (truth.count * chunk / chunks)..<(truth.count * (chunk + 1) / chunks)
            var local: [Outcome] = []
            local.reserveCapacity(range.count)
            for c in range {
                local.append(Self.simulate(engine, theta: truth[c], seed: seed, candidate: c))
            }
            collected.withLock { $0[chunk] = local }
            if let progress {
                let total = done.withLock { value -> Int in value += range.count; return value }
                progress(total)
            }
        }
        return collected.withLock { all in (0..<chunks).flatMap { all[$0] ?? [] } }
    }

    /// Candidate `c`'s exam: engine generator seeded from (seed, c, 1), answers from (seed, c, 2).
    static func simulate(_ engine: AdaptiveEngine, theta: Double, seed: UInt64, candidate c: Int) -> Outcome {
        let seeds = Self.seeds(seed: seed, candidate: c)
        var answers = SeededGenerator(seed: seeds.answers)
        let state = engine.simulateCandidate(theta: theta, generator: SeededGenerator(seed: seeds.engine), answers: &answers)
        return Outcome(trueTheta: theta, result: engine.result(state), lotteryItems: state.lotteryItems)
    }
}
