import AdaptiveTesting
import ExamDesign
import Foundation
import IRTModels
import MathCore
import Store

/// Simulated candidates taken through the real session engine (``ExamSessionRunner``) and stored as
/// sessions marked `simulated`, so that a programme can be tried on real sessions: `exam list`,
/// `exam result`, `exam replay` and `responses import --from-sessions` read them like candidates'.
///
/// Candidate c (1-based number n = c + 1) is `sim-<seed>-<n>`. Its session is seeded with the same
/// engine seed as candidate c of the ``SimulationStudy`` with that seed, and its answers are drawn from
/// the same answer stream in the same order (``Simulation/response(_:theta:generator:)``; a pretest
/// item right with probability 1/2, a self-assessment item a uniform category), so a recorded session
/// gives exactly the study's result for that candidate when it starts from the same θ. The sessions are not timed (no clock; no time limit).
public enum RecordedSimulation {
    /// The candidate id of simulated candidate `number` (1-based) of a study seeded with `seed`.
    public static func candidateID(seed: UInt64, number: Int) -> String { "sim-\(seed)-\(number)" }

    /// Runs every candidate of `study` as a stored session of `bankVersionID` and returns the outcomes
    /// (for the study's report) and the session ids, in candidate order. A candidate who already has a
    /// session of this version and assessment (the same seed recorded before) starts a new attempt.
    /// - Complexity: one store transaction per selection and per answer.
    ///
    /// With `candidates` (one id per simulated candidate, e.g. the person ids of a θ file) the sessions
    /// belong to those ids instead of `sim-SEED-N`, so that the same simulated candidates can take entry →
    /// continuing → final: a later assessment then starts its item selection from the candidate's previous
    /// θ̂ in the store (DECISIONS §3), and its result may differ from the study's, which started every
    /// candidate at the bank's start θ.
    /// - Throws: ``ExamSessionError/engine(_:)`` when `candidates` does not give one id per candidate.
    public static func record(study: SimulationStudy, store: any RecordStore, bankVersionID: String, assessment: String,
                              candidates: [String]? = nil,
                              progress: ((Int) -> Void)? = nil) throws(ExamSessionError)
        -> (outcomes: [SimulationStudy.Outcome], sessions: [String]) {
        let truth = study.trueThetas()
        if let candidates, candidates.count != truth.count {
            throw .engine("\(candidates.count) candidate ids for \(truth.count) simulated candidates; give one id per candidate")
        }
        var outcomes: [SimulationStudy.Outcome] = []
        var sessions: [String] = []
        for (c, theta) in truth.enumerated() {
            let seeds = SimulationStudy.seeds(seed: study.seed, candidate: c)
            let runner = try ExamSessionRunner.open(
                store: store, bankVersionID: bankVersionID,
                candidate: candidates?[c] ?? candidateID(seed: study.seed, number: c + 1),
                assessment: assessment,
                options: ExamSessionOptions(newAttempt: true, seed: seeds.engine, clock: nil, simulated: true,
                                            settings: study.engine.settings))
            defer { runner.close() }
            var answers = SeededGenerator(seed: seeds.answers)
            let pool = runner.engine.pool
            finishing: while true {
                switch try runner.nextScreen() {
                case .finished(let result):
                    outcomes.append(SimulationStudy.Outcome(trueTheta: theta, result: result,
                                                            lotteryItems: runner.history.state.lotteryItems))
                    break finishing
                case .item:
                    guard let i = runner.history.state.awaiting else {
                        throw .engine("session \(runner.session.id): the item shown is not awaiting a response")
                    }
                    let response: Int
                    if let b = pool.batchIndex[i] {
                        response = Int(Simulation.response(pool.batch.items[b], theta: theta, generator: &answers))
                    } else if pool.items[i].role == .selfAssessment {
                        response = pool.items[i].selfAssessmentAnswer(&answers)
                    } else {
                        response = answers.nextUniform() < 0.5 ? 1 : 0
                    }
                    _ = try runner.answer(response: response)
                }
            }
            sessions.append(runner.session.id)
            progress?(c + 1)
        }
        return (outcomes, sessions)
    }
}
