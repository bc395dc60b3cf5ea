import IronCLI
