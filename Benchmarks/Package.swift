// swift-tools-version: 6.1
// MentorCert benchmarks: a nested package so the main package never pulls benchmark dependencies.
// Run from this folder: `swift package --disable-sandbox benchmark` (see README.md).
import PackageDescription

let package = Package(
    name: "MentorCertBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // MallocInterposer is required on Linux with Swift 6.3 (TOOLCHAIN.md); no jemalloc needed.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The root package; its identity is the folder name of `..` (`main` in this checkout).
        .package(path: ".."),
    ],
    targets: [
        // The E-step's matrix products through LinearAlgebra.BLAS (OpenBLAS dgemm).
        .executableTarget(
            name: "BLASProducts",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LinearAlgebra", package: "main"),
            ],
            path: "Benchmarks/BLASProducts",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Calibration and Scoring suites are added here once the Calibration API exists
        // (see README.md, "Suites to come").
    ],
    swiftLanguageModes: [.v6]
)
