/// The exit statuses of `iron`, documented in its man page (sysexits.h for the usage ones).
public enum ExitCode: Int32, Sendable {
    /// Success.
    case ok = 0
    /// The token was rejected: malformed, wrong prefix, bad HMAC, undecryptable, payload not JSON.
    case rejected = 1
    /// The token expired.
    case expired = 2
    /// No password for the token's id.
    case noPassword = 3
    /// The command line is wrong (EX_USAGE).
    case usage = 64
    /// The input data is wrong: not JSON, no token, several tokens, over a limit (EX_DATAERR).
    case dataError = 65
    /// A named file cannot be read (EX_NOINPUT).
    case noInput = 66
    /// An internal error, such as a libcrypto failure (EX_SOFTWARE).
    case software = 70
    /// Output could not be written (EX_IOERR).
    case ioError = 74
    /// The password configuration is wrong: empty, too short, malformed map, no source (EX_CONFIG).
    case config = 78
}
