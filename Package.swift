// swift-tools-version: 6.1
// MentorCert: a psychometric assessment and item-bank engine (IRT calibration, adaptive testing,
// certification evidence). See README.md and docs/ARCHITECTURE.md.
import PackageDescription

/// The E-step's exponentials and normalisation vectorise with AVX2/FMA (Haswell and later, every x86 CPU
/// since 2013 and the CI machine kind). Set MENTORCERT_PORTABLE=1 to build for baseline x86-64.
let vectorSettings: [SwiftSetting] = {
    #if arch(x86_64)
    if Context.environment["MENTORCERT_PORTABLE"] == nil {
        return [.unsafeFlags(["-target-cpu", "haswell"])]
    }
    #endif
    return []
}()

let package = Package(
    name: "mentorcert",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mentorcert", targets: ["mentorcert"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "MathCore", targets: ["MathCore"]),
        .library(name: "IRTModels", targets: ["IRTModels"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "Calibration", targets: ["Calibration"]),
        .library(name: "ResponseData", targets: ["ResponseData"]),
        .library(name: "ItemBanking", targets: ["ItemBanking"]),
        .library(name: "ClassicalTestTheory", targets: ["ClassicalTestTheory"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "BankCalibration", targets: ["BankCalibration"]),
        .library(name: "Tables", targets: ["Tables"]),
        .library(name: "SystemFiles", targets: ["SystemFiles"]),
        .library(name: "AdaptiveTesting", targets: ["AdaptiveTesting"]),
        .library(name: "ExamDesign", targets: ["ExamDesign"]),
        .library(name: "ProgressReporting", targets: ["ProgressReporting"]),
        .library(name: "ShadowTest", targets: ["ShadowTest"]),
        .library(name: "ExamSessions", targets: ["ExamSessions"]),
        .library(name: "Reliability", targets: ["Reliability"]),
        .library(name: "Fairness", targets: ["Fairness"]),
        .library(name: "StandardSetting", targets: ["StandardSetting"]),
        .library(name: "Certification", targets: ["Certification"]),
        .library(name: "Candidates", targets: ["Candidates"]),
        .library(name: "Interchange", targets: ["Interchange"]),
        .library(name: "Plots", targets: ["Plots"]),
        .library(name: "TechnicalReport", targets: ["TechnicalReport"]),
        .library(name: "StatisticsExport", targets: ["StatisticsExport"]),
        .library(name: "MentorCertCLI", targets: ["MentorCertCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // System libraries: Debian libopenblas-dev (CBLAS) and liblapacke-dev.
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CLAPACKE", pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]),
        // GLPK for the shadow-test mixed-integer programs; Debian ships no glpk.pc, so no pkgConfig.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]),

        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CLAPACKE"]),
        .target(name: "MathCore", dependencies: ["LinearAlgebra"], swiftSettings: vectorSettings),
        .target(name: "SystemFiles"),
        .target(name: "ProgressReporting"),
        .target(name: "IRTModels", dependencies: ["MathCore", "LinearAlgebra", "ResponseData", "SystemFiles"]),
        .target(name: "Scoring", dependencies: ["IRTModels", "MathCore", "ResponseData"]),
        .target(name: "ResponseData", dependencies: ["SystemFiles", "Tables"]),
        .target(name: "Calibration", dependencies: ["IRTModels", "Scoring", "MathCore", "LinearAlgebra", "ResponseData"],
                swiftSettings: vectorSettings),
        .target(name: "ClassicalTestTheory", dependencies: ["MathCore", "ResponseData"]),
        .target(name: "ItemBanking", dependencies: ["ResponseData", "IRTModels", "SystemFiles", "Tables", .product(name: "Yams", package: "Yams")]),
        .target(name: "BankCalibration", dependencies: ["ItemBanking", "Calibration", "ClassicalTestTheory", "IRTModels", "ResponseData", "MathCore", "Tables"]),
        .target(name: "Store", dependencies: ["ItemBanking", "ResponseData", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Tables", dependencies: ["SystemFiles"]),
        .target(name: "AdaptiveTesting", dependencies: ["IRTModels", "Scoring", "MathCore", "ShadowTest"],
                swiftSettings: vectorSettings),
        .target(name: "ExamDesign", dependencies: ["AdaptiveTesting", "ItemBanking", "IRTModels", "Scoring", "MathCore"]),
        .target(name: "ShadowTest", dependencies: ["CGLPK"]),
        .target(name: "Reliability", dependencies: ["ClassicalTestTheory", "IRTModels", "Scoring", "MathCore", "LinearAlgebra",
                                                   "ResponseData", "ItemBanking", "AdaptiveTesting", "ExamDesign"]),
        .target(name: "ExamSessions", dependencies: ["AdaptiveTesting", "ExamDesign", "Store", "ItemBanking", "ResponseData", "IRTModels", "MathCore"]),
        .target(name: "Fairness", dependencies: ["Calibration", "IRTModels", "ResponseData", "MathCore", "LinearAlgebra", "Tables"]),
        .target(name: "StandardSetting", dependencies: ["ItemBanking", "IRTModels", "ResponseData", "SystemFiles", "Store"]),
        .target(name: "Certification", dependencies: ["ExamSessions", "Store", "ItemBanking", "AdaptiveTesting", "Tables", "SystemFiles", "Plots",
                                                     .product(name: "Crypto", package: "swift-crypto")]),
        // Candidates, their attempts and progression, cohorts (issue 20).
        .target(name: "Candidates", dependencies: ["ExamSessions", "ExamDesign", "Store", "ItemBanking", "AdaptiveTesting", "ResponseData",
                                                  "MathCore", "Plots"]),
        .target(name: "Interchange", dependencies: ["IRTModels", "ItemBanking", "Tables"]),
        // SVG figures (pure Swift, no dependencies) and the technical report built from the modules.
        .target(name: "Plots"),
        .target(name: "TechnicalReport", dependencies: ["Plots", "Tables", "ItemBanking", "IRTModels", "Scoring", "Calibration",
                                                       "ClassicalTestTheory", "ResponseData", "ExamDesign", "AdaptiveTesting",
                                                       "Reliability", "Fairness", "StandardSetting"]),
        .target(name: "StatisticsExport", dependencies: ["Tables", "ItemBanking", "IRTModels", "Scoring", "ClassicalTestTheory",
                                                        "Calibration", "BankCalibration", "Reliability", "ExamDesign",
                                                        "AdaptiveTesting", "ResponseData", "Fairness", "Plots"]),
        .target(
            name: "MentorCertCLI",
            dependencies: [
                "Tables", "ProgressReporting", "SystemFiles", "ItemBanking", "Store", "AdaptiveTesting", "ExamDesign", "ExamSessions", "Reliability", "Calibration", "ClassicalTestTheory", "ResponseData", "BankCalibration", "Scoring", "IRTModels", "MathCore", "LinearAlgebra", "Fairness", "StandardSetting", "Plots", "TechnicalReport", "Interchange", "Certification", "StatisticsExport", "Candidates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Sets OPENBLAS_NUM_THREADS=1 before any shared library initialises (a .preinit_array hook).
        .target(name: "CStartup"),
        .executableTarget(name: "mentorcert", dependencies: ["MentorCertCLI", "CStartup"]),

        // Declarations shared by test modules (the `recovery` tag and the release-study trait); a plain
        // target because a test target cannot import another.
        .target(name: "MentorCertTestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "MathCoreTests", dependencies: ["MathCore"]),
        .testTarget(name: "IRTModelsTests", dependencies: ["IRTModels", "MathCore"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "IRTModels", "ResponseData", "MentorCertTestSupport"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "IRTModels", "Scoring", "ResponseData",
                                                              "MentorCertTestSupport"],
                    exclude: ["Reference"]),
        .testTarget(name: "ClassicalTestTheoryTests", dependencies: ["ClassicalTestTheory", "Calibration", "IRTModels", "MathCore", "ResponseData"]),
        .testTarget(name: "ResponseDataTests", dependencies: ["ResponseData", "MentorCertTestSupport"]),
        .testTarget(name: "SystemFilesTests", dependencies: ["SystemFiles"]),
        .testTarget(name: "ItemBankingTests", dependencies: ["ItemBanking"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BankCalibrationTests", dependencies: ["BankCalibration", "ItemBanking", "Calibration", "IRTModels"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "ItemBanking", "ResponseData", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TablesTests", dependencies: ["Tables"]),
        .testTarget(name: "AdaptiveTestingTests", dependencies: ["AdaptiveTesting", "IRTModels", "Scoring", "MathCore"]),
        .testTarget(name: "ExamDesignTests", dependencies: ["ExamDesign", "AdaptiveTesting", "ItemBanking", "IRTModels", "MathCore", "MentorCertTestSupport"]),
        .testTarget(name: "ProgressReportingTests", dependencies: ["ProgressReporting"]),
        .testTarget(name: "ShadowTestTests", dependencies: ["ShadowTest", "MathCore"]),
        .testTarget(name: "ExamSessionsTests", dependencies: ["ExamSessions", "AdaptiveTesting", "ExamDesign", "ItemBanking", "Store",
                                                             "IRTModels", "MathCore", "Scoring"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["Reliability", "IRTModels", "Scoring", "MathCore", "ResponseData",
                                                              "ItemBanking", "MentorCertTestSupport"]),
        .testTarget(name: "FairnessTests", dependencies: ["Fairness", "IRTModels", "MathCore", "ResponseData", "Tables",
                                                           "MentorCertTestSupport"]),
        .testTarget(name: "StandardSettingTests", dependencies: ["StandardSetting", "ItemBanking", "IRTModels", "ResponseData", "Store",
                                                                    "MentorCertTestSupport"]),
        .testTarget(name: "CertificationTests", dependencies: ["Certification", "ExamSessions", "Store", "ItemBanking",
                                                                "AdaptiveTesting", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "CandidatesTests", dependencies: ["Candidates", "ExamSessions", "Store", "ItemBanking", "AdaptiveTesting",
                                                             "ExamDesign", "Plots", "MentorCertTestSupport"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "IRTModels", "ItemBanking"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "TechnicalReportTests", dependencies: ["TechnicalReport", "Plots", "ItemBanking", "IRTModels", "ResponseData", "MathCore",
                                                                 "Reliability", "Fairness", "StandardSetting", "Tables"]),
        .testTarget(name: "StatisticsExportTests", dependencies: ["StatisticsExport", "Tables", "ItemBanking", "ResponseData", "IRTModels", "MathCore",
                                                                    "Fairness", "Plots"]),
        .testTarget(name: "CLITests", dependencies: ["MentorCertCLI", "Tables", "ItemBanking", "MentorCertTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
