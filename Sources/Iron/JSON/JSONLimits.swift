/// Bounds on what the JSON reader accepts. Its memory use is linear in the input whatever the
/// nesting, so the bounds are policy, not a guard against a crash.
public struct JSONLimits: Sendable, Equatable {
    /// The deepest nesting of objects and arrays accepted.
    public var maximumDepth: Int
    /// The longest text accepted, in bytes.
    public var maximumBytes: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maximumDepth: The deepest nesting of objects and arrays accepted.
    ///   - maximumBytes: The longest text accepted, in bytes.
    public init(maximumDepth: Int, maximumBytes: Int) {
        self.maximumDepth = maximumDepth
        self.maximumBytes = maximumBytes
    }

    /// 10,000 levels and 16 MiB: generous for sessions, small enough to refuse accidents.
    public static let `default` = JSONLimits(maximumDepth: 10_000, maximumBytes: 16 << 20)
    /// No limits: what JavaScript's `JSON.parse` accepts.
    public static let unlimited = JSONLimits(maximumDepth: .max, maximumBytes: .max)
}
