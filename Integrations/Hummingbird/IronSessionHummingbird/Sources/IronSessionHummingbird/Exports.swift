@_exported import IronSession
