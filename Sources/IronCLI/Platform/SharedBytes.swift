/// A chunk's bytes handed to the batch's threads: the batch keeps them unchanged, and alive,
/// until every thread is done with them.
struct SharedBytes: @unchecked Sendable {
    private let base: UnsafePointer<UInt8>?
    private let count: Int

    /// Calls `body` with `span`'s bytes in a form threads may share.
    static func with<Result>(_ span: Span<UInt8>, _ body: (SharedBytes) -> Result) -> Result {
        unsafe span.withUnsafeBufferPointer { unsafe body(SharedBytes(base: $0.baseAddress, count: $0.count)) }
    }

    /// Calls `body` with the bytes.
    func withSpan<Result>(_ body: (Span<UInt8>) -> Result) -> Result {
        unsafe body(UnsafeBufferPointer(start: base, count: count).span)
    }
}
