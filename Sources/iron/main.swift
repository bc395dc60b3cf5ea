#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import IronCLI

// A closed pipe should end output with exit 74, not kill the process silently.
signal(SIGPIPE, SIG_IGN)
exit(run(CommandLine.arguments, io: .standard()))
