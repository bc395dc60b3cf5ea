import COpenSSL

/// libcrypto, started once and explicitly (see `iron_openssl_start` in the shim): no
/// `openssl.cnf` unless `OPENSSL_CONF` is set, no error-string tables, no cleanup at exit. Its
/// lazy start would load all three on the first fetch, a third of a short run's time.
package enum OpenSSLLibrary {
    private static let started = iron_openssl_start() == 1

    /// Starts libcrypto if no call did yet; every context calls it before its first fetch.
    ///
    /// - Throws: ``IronError`` of kind ``IronError/Kind/cryptoFailure`` if libcrypto cannot start.
    @inline(__always)
    package static func start() throws(IronError) {
        guard started else { throw cryptoFailure("OPENSSL_init_crypto") }
    }
}

extension OpenSSLLibrary {
    /// The version of the libcrypto in use, such as `OpenSSL 3.0.19 27 Jan 2026`: for
    /// `iron --version`, since a static build carries its own.
    package static var version: String {
        unsafe String(cString: OpenSSL_version(OPENSSL_VERSION))
    }
}
