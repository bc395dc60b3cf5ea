// swift-tools-version: 6.1
// Benchmarks for the `iron` package, on ordo-one/benchmark (package-benchmark).
//
// A package of its own, so that building `iron` never fetches the benchmark package.
// Run from this folder:  swift package --disable-sandbox benchmark
// or from the root:      scripts/bench-library
import PackageDescription

let package = Package(
    name: "IronBenchmarks",
    dependencies: [
        .package(name: "iron", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "IronBenchmarks",
            dependencies: [
                .product(name: "Iron", package: "iron"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/IronBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
