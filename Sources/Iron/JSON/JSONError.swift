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
    ///   - message: A lowercase sentence.
    ///   - offset: The byte offset of the first offending byte (0-based).
    ///   - line: The 1-based line of `offset`.
    ///   - column: The 1-based column of `offset`, counted in Unicode scalars.
    public init(kind: Kind, message: String, offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// An error at `offset` in `text`, with its line and column worked out.
    init(kind: Kind, message: String, in text: Span<UInt8>, at offset: Int) {
        var line = 1, column = 1
        for k in 0..<min(offset, text.count) {
            if text[k] == 0x0A {
                line += 1
                column = 1
            } else if text[k] & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.init(kind: kind, message: message, offset: offset, line: line, column: column)
    }

    /// `message at line L, column C`.
    public var description: String { "\(message) at line \(line), column \(column)" }
}
