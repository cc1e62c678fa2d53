// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "asyncdemo-tui",
    // Linux only (Glibc, inotify, /proc): no Apple platform is claimed.
    products: [
        .executable(name: "asyncdemo-tui", targets: ["asyncdemo-tui"]),
        .executable(name: "asyncdemo-bench", targets: ["asyncdemo-bench"]),
        // Linked by another program so the dashboard can watch its tasks, semaphores, queues and spans.
        .library(name: "ConcurrencyProbe", targets: ["ConcurrencyProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Only the bench target uses it: AsyncChannel is the reference the queue is measured against.
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        // Only the probe uses it: its Tracer turns a traced program's spans into tasks.
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        // The only door to the C library: module map + shim header, no Swift code.
        .systemLibrary(
            name: "CNcurses",
            path: "Modules/CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The one lock type (a pthread mutex ThreadSanitizer can see), for every target.
        .target(name: "Locking"),
        // Concurrency primitives and their snapshots: no UI, no curses.
        .target(
            name: "AsyncDemoCore",
            dependencies: [
                "Locking", .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ]
        ),
        // Following a file by name (tail -F) and making its lines safe to display.
        .target(name: "LogTail", dependencies: ["Locking"]),
        // The asyncio demo's examples as lessons: catalog, narrated transcripts, lesson clock.
        .target(name: "Lessons", dependencies: ["AsyncDemoCore", "LogTail", "Locking"]),
        // Cells, layout, widgets, diff and headless export: pure Swift, no curses.
        .target(name: "TerminalKit"),
        // The one type that talks to ncurses.
        .target(name: "CursesBackend", dependencies: ["CNcurses", "TerminalKit"]),
        // The default scenario and the lesson stage on one simulation executor, its event log and
        // the frame aggregator: everything the dashboard shows, and nothing of how it is drawn.
        .target(
            name: "Simulation",
            dependencies: [
                "AsyncDemoCore", "LogTail", "Lessons", "Locking",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Model and its one door, key map, panes, render loop, the headless run.
        .target(
            name: "Dashboard",
            dependencies: [
                "Simulation", "AsyncDemoCore", "LogTail", "TerminalKit", "Lessons", "Locking",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The probe's socket, its stream's framing and handshake: shared by the probe and the client.
        .target(name: "ProbeWire", dependencies: ["AsyncDemoCore", "Locking"]),
        // What a program links to be watched: named primitives, a Tracer, a LogHandler, the socket.
        .target(
            name: "ConcurrencyProbe",
            dependencies: [
                "AsyncDemoCore", "ProbeWire", "Locking",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The dashboard's side of a probe's socket: list, connect, handshake, decoded events.
        .target(name: "ProbeClient", dependencies: ["ProbeWire", "Simulation", "AsyncDemoCore", "LogTail", "Locking"]),
        .executableTarget(
            name: "asyncdemo-tui",
            dependencies: [
                "Dashboard", "Simulation", "CursesBackend", "TerminalKit", "LogTail", "Lessons", "ProbeClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A small probed program for `attach` and its tests: a semaphore, a queue, a span, a log.
        .executableTarget(
            name: "probe-sample",
            dependencies: [
                "ConcurrencyProbe",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "asyncdemo-bench",
            dependencies: [
                "AsyncDemoCore", "LogTail", "Dashboard", "Simulation", "TerminalKit", "ConcurrencyProbe",
                // The attach workload: a probed load generator as a child, read through the client.
                "ProbeClient", "ProbeWire",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ]
        ),
        // Helpers shared by the test targets (the seeded generator of the random-case tests).
        .target(name: "TestSupport", dependencies: ["AsyncDemoCore", "Locking"], path: "Tests/TestSupport"),
        .testTarget(name: "AsyncDemoCoreTests", dependencies: ["AsyncDemoCore", "Locking", "TestSupport"]),
        .testTarget(name: "LogTailTests", dependencies: ["LogTail", "Locking", "TestSupport"]),
        // Depends on the executable so `swift test` builds it: the demo command is run as a child.
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "AsyncDemoCore", "Locking", "asyncdemo-tui", "TestSupport"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", "TestSupport"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Simulation", "TerminalKit", "Lessons", "Locking", "TestSupport",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ConcurrencyProbeTests",
            dependencies: [
                "ConcurrencyProbe", "ProbeClient", "ProbeWire", "Simulation", "AsyncDemoCore", "Locking", "TestSupport",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A probed program (probe-sample) as a child, attached to over its socket: in-process and
        // through the built `snapshot --attach`; the dependencies make `swift test` build both.
        // The probe itself in-process too, where a test must hold the program still.
        .testTarget(
            name: "AttachTests",
            dependencies: ["asyncdemo-tui", "probe-sample", "ProbeClient", "ConcurrencyProbe", "AsyncDemoCore", "Simulation",
                           "TestSupport", "Dashboard", "TerminalKit", "Locking"]
        ),
        // Drives the built asyncdemo-tui in tmux; the dependency makes `swift test` build it first.
        .testTarget(name: "EndToEndTests", dependencies: ["asyncdemo-tui", "TestSupport"]),
        // The command line's parsers in-process (thousands of seeded values) and the built binary.
        .testTarget(name: "CommandLineTests", dependencies: ["asyncdemo-tui", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
