@testable import ShadowTest
import Testing

@Suite("GLPK environment")
struct GLPKEnvironmentTests {
    @Test("Debian 12's GLPK keeps one environment per thread (the concurrency invariant relies on it)")
    func reentrant() {
        #expect(GLPK.isReentrant)
    }

    @Test("the serialised path (a GLPK without TLS) returns the body's value and rethrows its error")
    func serialisedPath() {
        #expect(GLPK.withEnvironment(serialised: true) { 42 } == 42)
        #expect(throws: ShadowTestError.infeasible(reason: "x")) {
            try GLPK.withEnvironment(serialised: true) { () throws(ShadowTestError) -> Int in
                throw .infeasible(reason: "x")
            }
        }
    }

    @Test("time limits become GLPK milliseconds, at least 1")
    func milliseconds() {
        #expect(ShadowTestSolver.milliseconds(.seconds(2)) == 2000)
        #expect(ShadowTestSolver.milliseconds(.microseconds(1)) == 1)
        #expect(ShadowTestSolver.milliseconds(.milliseconds(1500)) == 1500)
        #expect(ShadowTestSolver.milliseconds(.seconds(1_000_000_000)) == Int32.max)
    }
}
