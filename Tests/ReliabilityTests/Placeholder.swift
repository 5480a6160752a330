import Testing
@testable import Reliability
