import Foundation

/// The dates of a certificate: issue, end of validity and the date recertification falls due.
///
/// ```
/// validUntil         = issued + validityYears calendar years (29 February → 28 February)
/// recertificationDue = validUntil − recertificationNoticeMonths calendar months
/// ```
/// All dates are Gregorian calendar dates in UTC, written `YYYY-MM-DD`. A certificate is in its
/// validity period on the days `issued ≤ d ≤ validUntil`. ISO/IEC 17024:2012 §9.6 leaves the period
/// to the scheme: the bank's `certification.validityYears` (default 3, DECISIONS §11).
public struct ValidityPeriod: Sendable, Equatable {
    /// Months before the end of validity at which recertification falls due (the holder should sit the
    /// recertification exam from this date so that a new certificate is issued before the old one ends).
    public static let recertificationNoticeMonths = 3

    public var issued: String
    public var validUntil: String
    public var recertificationDue: String

    /// The period of a certificate issued on `date` for `validityYears` years.
    public init(issuedOn date: Date, validityYears: Int) {
        let calendar = Self.calendar
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .year, value: validityYears, to: start) ?? start
        let due = calendar.date(byAdding: .month, value: -Self.recertificationNoticeMonths, to: end) ?? end
        issued = Self.text(start); validUntil = Self.text(end); recertificationDue = Self.text(due)
    }

    /// The Gregorian calendar in UTC.
    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? c.timeZone
        return c
    }

    /// `YYYY-MM-DD` of a moment, in UTC.
    public static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
