// Codable conveniences for Iron, in their own module so that the `iron` executable, which does not
// use them, links no Foundation. `import IronCodable` brings `Iron` too.
@_exported import Iron
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Sealer {
    /// Seals a value as JSON written by `encoder`.
    ///
    /// - Parameters:
    ///   - value: The value; its JSON is sealed as `encoder` writes it.
    ///   - encoder: Configured as the reading side expects (dates, keys); `JSONEncoder.javaScript`
    ///     writes what a Node app reads back with `JSON.parse`.
    ///   - parameters: A fixed time of sealing or expiration.
    /// - Returns: The token.
    /// - Throws: The encoder's error, or ``IronError``.
    public func seal<Value: Encodable>(_ value: Value, encoder: JSONEncoder = .sharedJavaScript, parameters: SealParameters? = nil) throws -> String {
        let data = try encoder.encode(value)
        return try seal(json: Array(data), limits: .unlimited, parameters: parameters)
    }
}

extension Unsealer {
    /// Unseals a token and decodes its payload as `type`.
    ///
    /// - Parameters:
    ///   - token: The token, with or without iron-session's suffix.
    ///   - type: The type to decode.
    ///   - decoder: Configured as the sealing side wrote the JSON (dates, keys).
    ///   - now: The time to judge expiration by; default the clock's.
    /// - Returns: The decoded value.
    /// - Throws: ``IronError`` when the token is rejected, or the decoder's error when the payload
    ///   does not fit `type`.
    public func unseal<Value: Decodable>(_ token: some StringProtocol, as type: Value.Type, decoder: JSONDecoder = .sharedJavaScript, now: Timestamp? = nil) throws -> Value {
        let result = try unseal(token, now: now)
        return try decoder.decode(type, from: Data(result.payload))
    }
}

/// An encoder for JSON that JavaScript reads back as its own.
extension JSONEncoder {
    /// An encoder that writes what JavaScript's `JSON.stringify` writes for the same data, so a Node
    /// app reads it back as it would its own: a `Date` as ISO 8601 in UTC with milliseconds
    /// (`2026-11-29T12:00:00.123Z`, `Date.prototype.toJSON`), and `/` not escaped.
    public static var javaScript: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(JavaScriptDate.string(from: date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// One ``javaScript`` encoder shared by the default arguments, made once: building an encoder
    /// per token costs more than many payloads' encoding. `JSONEncoder` may be used from several
    /// threads at once; nobody can change this one.
    @usableFromInline
    package static let sharedJavaScript: JSONEncoder = .javaScript
}

/// A decoder for JSON written by JavaScript.
extension JSONDecoder {
    /// A decoder for what ``JSONEncoder/javaScript`` and `JSON.stringify` write: a `Date` from ISO
    /// 8601 text with or without fractional seconds (milliseconds kept, as `Date.parse` keeps them).
    public static var javaScript: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = JavaScriptDate.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date as JSON.stringify writes one: \(text)")
            }
            return date
        }
        return decoder
    }

    /// One ``javaScript`` decoder shared by the default arguments, made once (see
    /// `JSONEncoder.sharedJavaScript`).
    @usableFromInline
    package static let sharedJavaScript: JSONDecoder = .javaScript
}

/// Dates as JavaScript's `Date.prototype.toISOString` writes them and `Date.parse` reads them.
enum JavaScriptDate {
    private static let readers = [Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt),
                                  Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)]

    /// `2026-11-29T12:00:00.123Z`: whole milliseconds, as a JavaScript `Date` holds them.
    static func string(from date: Date) -> String {
        CivilTime.iso8601(Timestamp(date))
    }

    /// The date of ISO 8601 text, with or without fractional seconds, to the millisecond.
    static func date(from text: String) -> Date? {
        for reader in readers {
            if let date = try? reader.parse(text) { return Date(Timestamp(date)) }
        }
        return nil
    }
}

extension Timestamp {
    /// The instant of a `Date`, to the nearest millisecond (a JavaScript `Date` holds whole ones).
    ///
    /// - Parameter date: The date.
    public init(_ date: Date) {
        self.init(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}

/// A `Date` from the instants of the token format.
extension Date {
    /// The instant of a ``Timestamp``.
    ///
    /// - Parameter timestamp: The instant, in whole milliseconds.
    public init(_ timestamp: Timestamp) {
        self.init(timeIntervalSince1970: Double(timestamp.millisecondsSince1970) / 1000)
    }
}
