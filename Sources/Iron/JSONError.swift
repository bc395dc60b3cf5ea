/// Why the JSON reader stopped, and where.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure.
    public enum Kind: String, Sendable, Equatable {
        /// The text is not JSON.
        case syntax
        /// A string holds bytes that are not UTF-8.
        case invalidUTF8 = "invalid-utf8"
        /// Objects and arrays nest deeper than ``JSONLimits/maximumDepth``.
        case tooDeep = "too-deep"
        /// The text is longer than ``JSONLimits/maximumBytes``.
        case tooLarge = "too-large"
    }

    /// The class of failure.
    public let kind: Kind
    /// A lowercase sentence, such as `expected ':' after an object key`.
    public let message: String
    /// The byte offset of the first offending byte (0-based).
    public let offset: Int
    /// The 1-based line of ``offset``.
    public let line: Int
    /// The 1-based column of ``offset``, counted in Unicode scalars.
    public let column: Int

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of failure.
    ///   - message: What is wrong.
    ///   - offset: The byte offset.
    ///   - line: The 1-based line.
    ///   - column: The 1-based column.
    public init(kind: Kind, message: String, offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `message at line L, column C`.
    public var description: String { "\(message) at line \(line), column \(column)" }
}

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
    ///   - maximumDepth: The deepest nesting accepted.
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
