// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "IronSessionHummingbird",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "IronSessionHummingbird", targets: ["IronSessionHummingbird"]),
        .executable(name: "HummingbirdSessionBench", targets: ["HummingbirdSessionBench"]),
    ],
    dependencies: [
        // The root package. SwiftPM names a path dependency after its folder (`main` here, maybe
        // another name in a fresh clone), so `name:` fixes the name the products are looked up by.
        .package(name: "iron", path: "../../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "IronSessionHummingbird",
            dependencies: [
                .product(name: "Iron", package: "iron"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "HummingbirdSessionBench",
            dependencies: [
                "IronSessionHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "IronSessionHummingbirdTests",
            dependencies: [
                "IronSessionHummingbird",
                .product(name: "Iron", package: "iron"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
