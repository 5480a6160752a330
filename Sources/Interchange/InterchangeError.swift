/// A problem reading or writing an interchange file (mirt values, catR banks, QTI items): the message
/// names the file, the line or item and the construct, and says what to do next.
public struct InterchangeError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}
