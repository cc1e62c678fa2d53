// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "asyncdemo-tui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "asyncdemo-tui", targets: ["asyncdemo-tui"]),
        .executable(name: "asyncdemo-bench", targets: ["asyncdemo-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Only the bench target uses it: AsyncChannel is the reference the queue is measured against.
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
    ],
    targets: [
        // The only door to the C library: module map + shim header, no Swift code.
        .systemLibrary(
            name: "CNcurses",
            path: "Modules/CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // Concurrency primitives and their snapshots: no UI, no curses.
        .target(
            name: "AsyncDemoCore",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")],
            // BoundedQueue<Element> is generic: without its bodies visible to the modules that
            // use it, every send/receive ran unspecialized, looking up generic metadata at run
            // time (0.16 M items/s; 3.6 M with this flag, measured by asyncdemo-bench queue).
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]
        ),
        // Following a file by name (tail -F) and making its lines safe to display.
        .target(name: "LogTail"),
        // The asyncio demo's examples as lessons: catalog, narrated transcripts, lesson clock.
        .target(name: "Lessons", dependencies: ["AsyncDemoCore", "LogTail"]),
        // Cells, layout, widgets, diff and headless export: pure Swift, no curses.
        .target(name: "TerminalKit"),
        // The one type that talks to ncurses.
        .target(name: "CursesBackend", dependencies: ["CNcurses", "TerminalKit"]),
        // Model, key map, reducer, panes, render loop.
        .target(
            name: "Dashboard",
            dependencies: [
                "AsyncDemoCore", "LogTail", "TerminalKit", "Lessons",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "asyncdemo-tui",
            dependencies: [
                "Dashboard", "CursesBackend", "TerminalKit", "LogTail", "Lessons",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "asyncdemo-bench",
            dependencies: [
                "AsyncDemoCore", "LogTail", "Dashboard", "TerminalKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ]
        ),
        // Helpers shared by the test targets (the seeded generator of the random-case tests).
        .target(name: "TestSupport", dependencies: ["AsyncDemoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "AsyncDemoCoreTests", dependencies: ["AsyncDemoCore", "TestSupport"]),
        .testTarget(name: "LogTailTests", dependencies: ["LogTail", "TestSupport"]),
        // Depends on the executable so `swift test` builds it: the demo command is run as a child.
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "AsyncDemoCore", "asyncdemo-tui", "TestSupport"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", "TestSupport"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "TerminalKit", "Lessons", "TestSupport",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Golden"]
        ),
        // Drives the built asyncdemo-tui in tmux; the dependency makes `swift test` build it first.
        .testTarget(name: "EndToEndTests", dependencies: ["asyncdemo-tui"]),
        // The command line's parsers in-process (thousands of seeded values) and the built binary.
        .testTarget(name: "CommandLineTests", dependencies: ["asyncdemo-tui", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
