import IRTModels
import MathCore

extension AdaptiveEngine {
    /// A whole exam of a simulated candidate with true θ: each operational item answered with a
    /// response drawn from the item's own parameters (``Simulation/response(_:theta:generator:)``, the
    /// one place responses are drawn), each pretest item (no parameters) right or wrong with
    /// probability 1/2, each self-assessment item a category drawn uniformly (it is never scored). The engine's random choices come from `generator`, the answers from `answers`.
    /// Simulation studies, the benchmarks and the tests all run candidates through this.
    public func simulateCandidate(theta: Double, generator: SeededGenerator, answers: inout SeededGenerator,
                                  seen: Set<String> = []) -> AdaptiveState {
        var state = start(generator: generator, seen: seen)
        while case .administer(let i) = next(&state) {
            let response: Int
            if let b = pool.batchIndex[i] {
                response = Int(Simulation.response(pool.batch.items[b], theta: theta, generator: &answers))
            } else if pool.items[i].role == .selfAssessment {
                response = pool.items[i].selfAssessmentAnswer(&answers)
            } else {
                response = answers.nextUniform() < 0.5 ? 1 : 0
            }
            // The response is one of the item's categories by construction, so `record` cannot refuse it.
            do { try record(&state, response: response) } catch { break }
        }
        return state
    }
}

extension PoolItem {
    /// A simulated answer to an unscored self-assessment item: a category drawn uniformly from its
    /// categories (two when unknown). It never reaches θ, so any rule would do; this one keeps every
    /// category in use.
    public func selfAssessmentAnswer(_ answers: inout SeededGenerator) -> Int {
        let k = max(2, categoryCount ?? 2)
        return min(k - 1, Int(answers.nextUniform() * Double(k)))
    }
}
