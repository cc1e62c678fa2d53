// swift-tools-version:6.2
import PackageDescription

// A package of its own, so the main build never compiles Hummingbird.
let package = Package(
    name: "hummingbird-server",
    dependencies: [
        // Named: a path package is otherwise known by its folder's name, which differs per checkout.
        .package(name: "asyncdemo-tui", path: "../.."),
        // No traits: the server needs neither swift-configuration nor the full-Foundation extras,
        // and each one is minutes of build on two cores.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "hummingbird-server",
            dependencies: [
                .product(name: "ConcurrencyProbe", package: "asyncdemo-tui"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
