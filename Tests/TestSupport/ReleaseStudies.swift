// Shared by every test module that has heavy studies (CalibrationTests, ScoringTests): the tag and
// the trait are declared once, here, in the small test-support target `MentorCertTestSupport`.
import Foundation
import Testing

extension Tag {
    /// A heavy recovery or replication study (DECISIONS §10): skipped by the debug run of `make test`,
    /// run by its release run. Put it on the suite or test together with ``Trait/releaseStudy``.
    @Tag public static var recovery: Self
}

/// The run that executes the heavy studies: `MENTORCERT_RELEASE_TESTS=1` (set by the release step of
/// `make test`). Without it the studies tagged ``Tag/recovery`` are skipped; the release step runs
/// exactly them, selected by the tag (`Tests/tagged-tests.sh`).
public enum ReleaseStudies {
    public static let environmentVariable = "MENTORCERT_RELEASE_TESTS"
    public static var isReleaseRun: Bool { ProcessInfo.processInfo.environment[environmentVariable] == "1" }
}

extension Trait where Self == ConditionTrait {
    /// Enables a heavy study only in the release-study run (`MENTORCERT_RELEASE_TESTS=1`).
    public static var releaseStudy: Self {
        .enabled(if: ReleaseStudies.isReleaseRun,
                 "heavy study (tag recovery): runs in the release step of `make test` (MENTORCERT_RELEASE_TESTS=1)")
    }
}
