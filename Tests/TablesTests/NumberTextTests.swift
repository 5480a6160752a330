import Foundation
import Testing
@testable import Tables

@Suite("NumberText: exact and display forms")
struct NumberTextTests {
    /// Values chosen to break `%.6g` and naive printing: a sum with a rounding error, a tiny and a
    /// subnormal number, both zeros, huge values, a value needing 17 significant digits.
    static let hard: [Double] = [
        0.1 + 0.2, 1e-300, Double.leastNonzeroMagnitude, -0.0, 0.0, 1e300, -1.7976931348623157e308, 123_456_789.123_456_78,
        0.1, 1.0 / 3.0, 2.0 / 3.0, 9_007_199_254_740_992, 1e22, 1e23, -2.5e-8, 0.30000000000000004,
        Double.ulpOfOne, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude,
    ]

    @Test("every finite value reads back exactly, the sign of zero included", arguments: hard)
    func roundTrip(_ x: Double) throws {
        let text = try #require(NumberText.exact(x))
        let back = try #require(Double(text))
        #expect(back == x)
        #expect(back.sign == x.sign)
        #expect(back.bitPattern == x.bitPattern)
    }

    @Test("random doubles over the whole exponent range round-trip")
    func randomRoundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let x = Double(bitPattern: state)
            guard x.isFinite else { continue }
            #expect(Double(try #require(NumberText.exact(x)))?.bitPattern == x.bitPattern)
        }
    }

    @Test("0.1 + 0.2 is written with the digits that distinguish it from 0.3")
    func shortest() {
        #expect(NumberText.exact(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberText.exact(0.1) == "0.1")
        #expect(NumberText.exact(-0.0) == "-0.0")
        #expect(NumberText.exact(1e-300) == "1e-300")
    }

    @Test("NaN and ±∞ have no text", arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func nonFinite(_ x: Double) {
        #expect(NumberText.exact(x) == nil)
        #expect(NumberText.fixed(x, decimals: 3) == nil)
    }

    @Test("display form: rounded, trailing zeros dropped, no negative zero")
    func fixed() {
        #expect(NumberText.fixed(2.5, decimals: 4) == "2.5")
        #expect(NumberText.fixed(2.5, decimals: 3, trimmingZeros: false) == "2.500")
        #expect(NumberText.fixed(1.23456, decimals: 3) == "1.235")
        #expect(NumberText.fixed(-0.00001, decimals: 4) == "0")
        #expect(NumberText.fixed(-0.00001, decimals: 2, trimmingZeros: false) == "0.00")
        #expect(NumberText.fixed(12, decimals: 4) == "12")
        #expect(NumberText.fixed(-3.25, decimals: 1) == "-3.2")  // the binary value 3.25 is exact: ties to even in printf
    }
}
