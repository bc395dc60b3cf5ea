// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "iron",
    products: [
        .library(name: "Iron", targets: ["Iron", "IronCodable", "IronCookies", "IronSession"]),
        .executable(name: "iron", targets: ["iron"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(
            name: "Iron",
            dependencies: ["COpenSSL"]
        ),
        .target(
            name: "IronCodable",
            dependencies: ["Iron"]
        ),
        .target(
            name: "IronCookies",
            dependencies: ["Iron"]
        ),
        .target(
            name: "IronSession",
            dependencies: ["IronCodable", "IronCookies"]
        ),
        .target(
            name: "IronCLI",
            dependencies: ["Iron", "IronCookies", "CSQLite"]
        ),
        .executableTarget(
            name: "iron",
            dependencies: ["IronCLI"]
        ),
        .target(
            name: "IronTestSupport",
            dependencies: ["Iron"],
            path: "Tests/IronTestSupport"
        ),
        .testTarget(
            name: "IronTests",
            dependencies: ["Iron", "IronCodable", "IronSession", "IronTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "IronCLITests",
            dependencies: ["IronCLI", "Iron", "IronTestSupport"]
        ),
    ]
)
