#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call and its `errno`.
struct SystemError: Error, Equatable, CustomStringConvertible {
    let operation: String
    let code: Int32

    /// The last system call's failure (`errno`).
    static func last(_ operation: String) -> SystemError {
        SystemError(operation: operation, code: errno)
    }

    /// `strerror`'s sentence for the code, such as "No space left on device".
    var reason: String { SystemError.reason(code) }
    var description: String { "\(operation): \(reason)" }

    /// `strerror`'s sentence for an `errno` value.
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// `ENOSPC`, for tests that fail a write as a full disk would.
    static let noSpace = ENOSPC
}

/// The reason of an error for a message: `strerror`'s sentence for a system error.
func describe(_ error: any Error) -> String {
    if let error = error as? SystemError { return error.reason }
    return "\(error)"
}
