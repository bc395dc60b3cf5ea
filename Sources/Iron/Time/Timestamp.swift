/// An instant as JavaScript and the token format count time: whole milliseconds since
/// 1970-01-01T00:00:00Z (what `Date.now()` returns and a token's expiration field holds).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z; negative before it.
    public var millisecondsSince1970: Int64

    /// The instant `milliseconds` after 1970-01-01T00:00:00Z.
    ///
    /// - Parameter milliseconds: Milliseconds since the epoch; negative before it.
    public init(millisecondsSince1970 milliseconds: Int64) {
        millisecondsSince1970 = milliseconds
    }

    /// 1970-01-01T00:00:00Z.
    public static let epoch = Timestamp(millisecondsSince1970: 0)

    /// The instant `duration` later (earlier when negative), to the millisecond, saturating at
    /// the ends of the range.
    public static func + (instant: Timestamp, duration: Duration) -> Timestamp {
        instant.adding(milliseconds: duration.wholeMilliseconds)
    }

    /// The instant `milliseconds` later (earlier when negative), saturating at the ends of the
    /// range: ``+(_:_:)`` without `Duration`'s wide arithmetic, for an offset used again and again.
    package func adding(milliseconds: Int64) -> Timestamp {
        let (sum, overflow) = millisecondsSince1970.addingReportingOverflow(milliseconds)
        return Timestamp(millisecondsSince1970: overflow ? (milliseconds > 0 ? .max : .min) : sum)
    }

    /// The instant `duration` earlier.
    public static func - (instant: Timestamp, duration: Duration) -> Timestamp {
        instant + (Duration.zero - duration)
    }

    /// The time from `earlier` to `later`.
    public static func - (later: Timestamp, earlier: Timestamp) -> Duration {
        .milliseconds(later.millisecondsSince1970) - .milliseconds(earlier.millisecondsSince1970)
    }

    /// Whether `lhs` is earlier than `rhs`.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// The milliseconds since the epoch.
    public var description: String { "\(millisecondsSince1970) ms" }
}

extension Duration {
    /// The duration in whole milliseconds, rounded toward zero and saturating at the ends of
    /// `Int64`: the unit of @hapi/iron's `ttl` and `localtimeOffsetMsec`.
    package var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds > 0 ? .max : .min }
        let (sum, carry) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return carry ? (seconds > 0 ? .max : .min) : sum
    }

    /// The duration in milliseconds as a double, as JavaScript computes `timestampSkewSec * 1000`.
    package var doubleMilliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
