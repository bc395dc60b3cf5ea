/// A source of the current time, injectable for tests.
public protocol IronClock: Sendable {
    /// The current time.
    func now() -> Timestamp
}

/// A clock stopped at one instant.
public struct FixedClock: IronClock {
    /// The instant.
    public var instant: Timestamp
    /// A clock that always answers `instant`.
    ///
    /// - Parameter instant: The instant.
    public init(_ instant: Timestamp) { self.instant = instant }
    /// A clock that always answers the instant `milliseconds` after the epoch.
    ///
    /// - Parameter milliseconds: Milliseconds since 1970-01-01T00:00:00Z.
    public init(millisecondsSince1970 milliseconds: Int64) { instant = Timestamp(millisecondsSince1970: milliseconds) }
    /// The fixed instant.
    public func now() -> Timestamp { instant }
}
