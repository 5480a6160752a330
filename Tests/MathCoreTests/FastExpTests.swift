import Foundation
import Testing
import MathCore

@Suite("FastExp")
struct FastExpTests {
    @Test("Relative error below 1e−15 against the C library over [−708, 0]")
    func accuracy() {
        var xs = [Double]()
        var x = -708.0
        while x <= 0 { xs.append(x); x += 0.0137 }
        xs += [0, -0.0, -1e-300, -1e-10, -0.3465735902799726, -0.34657359027997264, -700.5]
        var ys = xs
        ys.withUnsafeMutableBufferPointer { FastExp.expNonPositiveInPlace($0.baseAddress!, count: $0.count) }
        var worst = 0.0
        for (x, y) in zip(xs, ys) { worst = max(worst, abs(y - exp(x)) / exp(x)) }
        #expect(worst < 1e-15, "worst relative error \(worst)")
    }

    @Test("Clamps: below −708 gives exp(−708), positive arguments give 1")
    func clamps() {
        var v = [-1000.0, -.infinity, 3.0]
        v.withUnsafeMutableBufferPointer { FastExp.expNonPositiveInPlace($0.baseAddress!, count: 3) }
        #expect(v[0] == v[1])
        #expect(abs(v[0] - exp(-708.0)) / exp(-708.0) < 1e-14)
        #expect(v[2] == 1)
    }
}
