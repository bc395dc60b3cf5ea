import COpenSSL

/// Builds the error for a failed libcrypto call, with OpenSSL's packed error code, and empties
/// OpenSSL's thread-local error queue so that a later failure reports its own code.
func cryptoFailure(_ call: String) -> IronError {
    let code = ERR_get_error()
    while ERR_get_error() != 0 {}
    return IronError(.cryptoFailure, "libcrypto \(call) failed (error 0x\(String(code, radix: 16)))", openSSLCode: UInt(code))
}

/// Throws ``cryptoFailure(_:)`` unless a libcrypto call returned 1.
@inline(__always)
func check(_ result: Int32, _ call: String) throws(IronError) {
    if result != 1 { throw cryptoFailure(call) }
}
