// Declared once per test module that has heavy studies (a test target cannot import another); keep
// Tests/ScoringTests/ReleaseStudies.swift identical.
import Foundation
import Testing

extension Tag {
    /// A heavy recovery or replication study (DECISIONS §10): skipped by the debug run of `make test`,
    /// run by its release run. Put it on the suite or test together with ``Trait/releaseStudy``.
    @Tag static var recovery: Self
}

/// The run that executes the heavy studies: `MENTORCERT_RELEASE_TESTS=1` (set by the release step of
/// `make test`). Without it the studies tagged ``Tag/recovery`` are skipped; with it every other test
/// is skipped (see ``Trait/releaseStudy`` and ``Trait/everyRun``), so one variable selects by tag.
enum ReleaseStudies {
    static let environmentVariable = "MENTORCERT_RELEASE_TESTS"
    static var isReleaseRun: Bool { ProcessInfo.processInfo.environment[environmentVariable] == "1" }
}

extension Trait where Self == ConditionTrait {
    /// Enables a heavy study only in the release-study run (`MENTORCERT_RELEASE_TESTS=1`).
    static var releaseStudy: Self {
        .enabled(if: ReleaseStudies.isReleaseRun,
                 "heavy study (tag recovery): runs in the release step of `make test` (MENTORCERT_RELEASE_TESTS=1)")
    }
}
