/// A 16-byte AES initialisation vector.
public struct InitializationVector: Sendable, Equatable {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// Wraps 16 bytes.
    ///
    /// - Parameter bytes: Exactly 16 bytes.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions`` for any other length.
    public init(_ bytes: [UInt8]) throws(IronError) {
        guard bytes.count == 16 else { throw IronError.invalidOptions("an IV is 16 bytes, not \(bytes.count)") }
        self.bytes = bytes
    }
}
