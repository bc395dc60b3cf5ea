@_exported import IronCodable
@_exported import IronCookies
