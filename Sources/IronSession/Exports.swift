@_exported import IronCodable
