// swift-tools-version:6.0
import PackageDescription

// The Vapor 4 integration of iron-session for Swift: a middleware over `SessionCookie`.
// A package of its own, so that the root package keeps no server dependency.
let package = Package(
    name: "IronSessionVapor",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "IronSessionVapor", targets: ["IronSessionVapor"]),
    ],
    dependencies: [
        // The root package. SwiftPM names a path dependency after its folder (`main` here, maybe
        // another name in a fresh clone), so `name:` fixes the name the products are looked up by.
        .package(name: "iron", path: "../../.."),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "IronSessionVapor",
            dependencies: [
                .product(name: "Iron", package: "iron"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "VaporSessionBench",
            dependencies: [
                "IronSessionVapor",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .testTarget(
            name: "IronSessionVaporTests",
            dependencies: [
                "IronSessionVapor",
                .product(name: "Iron", package: "iron"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
