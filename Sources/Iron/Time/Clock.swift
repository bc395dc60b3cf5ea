/// A source of the current time in milliseconds since the Unix epoch, injectable for tests.
public protocol IronClock: Sendable {
    /// The current time, in milliseconds since 1970-01-01T00:00:00Z.
    func now() -> Int64
}

/// A clock stopped at one instant.
public struct FixedClock: IronClock {
    /// The instant, in milliseconds since the epoch.
    public var milliseconds: Int64
    /// Creates a clock that always answers `milliseconds`.
    ///
    /// - Parameter milliseconds: Milliseconds since the epoch.
    public init(_ milliseconds: Int64) { self.milliseconds = milliseconds }
    /// The fixed instant.
    public func now() -> Int64 { milliseconds }
}
