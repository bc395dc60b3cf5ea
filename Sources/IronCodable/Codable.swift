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
    ///   - encoder: The encoder; configure it as the reading side expects (dates, keys).
    ///   - parameters: Fixed salts, IV or time, for reproducing a token.
    /// - Returns: The token.
    /// - Throws: The encoder's error, or ``IronError``.
    public func seal<Value: Encodable>(_ value: Value, encoder: JSONEncoder = JSONEncoder(), parameters: SealParameters? = nil) throws -> String {
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
    public func unseal<Value: Decodable>(_ token: some StringProtocol, as type: Value.Type, decoder: JSONDecoder = JSONDecoder(), now: Int64? = nil) throws -> Value {
        let result = try unseal(token, now: now)
        return try decoder.decode(type, from: Data(result.payload))
    }
}
