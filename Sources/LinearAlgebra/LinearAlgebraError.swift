/// Errors of the linear-algebra layer. A struct wrapping an internal enum so that new cases do not
/// break callers; `description` says what failed and what to do.
public struct LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The shapes of the operands do not conform for `operation`.
        case dimensionMismatch(operation: String, lhs: String, rhs: String)
        /// A storage array whose length is not rows × columns.
        case storageSize(rows: Int, columns: Int, count: Int)
        /// Rows of different lengths given to `Matrix.init(_:)`.
        case raggedRows(row: Int, expected: Int, found: Int)
        /// A square matrix was required.
        case notSquare(name: String, rows: Int, columns: Int)
        /// Cholesky failed: the leading minor of order `pivot` (1-based) is not positive.
        case notPositiveDefinite(name: String, pivot: Int)
        /// LU factorisation found an exactly zero pivot (1-based): the matrix is singular.
        case singular(name: String, pivot: Int)
        /// The matrix holds a NaN or an infinity at (row, column) (0-based).
        case notFinite(name: String, row: Int, column: Int)
        /// LAPACK rejected argument number `argument` (its `info` < 0): a bug in the caller.
        case illegalArgument(routine: String, argument: Int)
    }

    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .dimensionMismatch(op, l, r):
            return "\(op): shapes \(l) and \(r) do not conform; check the operands' dimensions."
        case let .storageSize(r, c, n):
            return "A \(r) × \(c) matrix needs \(r * c) values but \(n) were given."
        case let .raggedRows(row, e, f):
            return "Row \(row) has \(f) values but the first row has \(e); every row needs the same length."
        case let .notSquare(name, r, c):
            return "Matrix '\(name)' is \(r) × \(c) but must be square."
        case let .notPositiveDefinite(name, p):
            return "Matrix '\(name)' is not positive definite: the leading minor of order \(p) is not positive "
                + "(Cholesky failed at pivot \(p)). The model may be unidentified or the data too sparse for "
                + "these parameters; fix or drop them."
        case let .singular(name, p):
            return "Matrix '\(name)' is singular: pivot \(p) is exactly zero."
        case let .notFinite(name, r, c):
            return "Matrix '\(name)' holds a value that is not finite at row \(r + 1), column \(c + 1); the quantities it "
                + "was built from overflowed or are undefined there."
        case let .illegalArgument(routine, a):
            return "LAPACK \(routine) rejected argument \(a); this is a bug in MentorCert, please report it."
        }
    }
}
