/// Why the technical report could not be built or written: what, where, and what to do.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
