import IronCLI

ProcessEnvironment.ignoreBrokenPipe()
ProcessEnvironment.exit(run(CommandLine.arguments, io: .standard()))
