// swift-tools-version: 6.1
// MentorCert benchmarks: a nested package so the main package never pulls benchmark dependencies.
// Run from this folder: `swift package --disable-sandbox benchmark` (see README.md).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder: the root package is `main` in a checkout at
/// `…/main`, `mentorcert` in one at `…/mentorcert`. Derive it so any clone folder works.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "MentorCertBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // MallocInterposer is required on Linux with Swift 6.3 (TOOLCHAIN.md); no jemalloc needed.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The root package; its identity is the folder name of `..` (see `root` above).
        .package(path: ".."),
    ],
    targets: [
        // The E-step's matrix products through LinearAlgebra.BLAS (OpenBLAS dgemm).
        .executableTarget(
            name: "BLASProducts",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LinearAlgebra", package: root),
            ],
            path: "Benchmarks/BLASProducts",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // MML-EM calibration: one EM cycle and whole calibrations (Rasch/2PL/3PL/GRM). The target
        // names carry "Suite" because the root package already has modules `Calibration` and `Scoring`
        // (target names must be unique in the package graph); run with `--target CalibrationSuite`.
        .executableTarget(
            name: "CalibrationSuite",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Calibration", package: root),
                .product(name: "IRTModels", package: root),
                .product(name: "ResponseData", package: root),
            ],
            path: "Benchmarks/Calibration",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Person scoring: EAP and WLE of 100,000 persons.
        .executableTarget(
            name: "ScoringSuite",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Calibration", package: root),
                .product(name: "IRTModels", package: root),
                .product(name: "ResponseData", package: root),
                .product(name: "Scoring", package: root),
            ],
            path: "Benchmarks/Scoring",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The shadow test (GLPK 0–1 program) on a 332-item problem shaped like the bundled bank, at
        // step 1 and at step 30; the target name ends in "Suite" because the root package has a module
        // `ShadowTest`.
        .executableTarget(
            name: "ShadowTestSuite",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MathCore", package: root),
                .product(name: "ShadowTest", package: root),
            ],
            path: "Benchmarks/ShadowTest",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
