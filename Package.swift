// swift-tools-version:6.0
import PackageDescription

/// mediavault: scan posts for images, fetch them with the Referer their host needs,
/// keep them content-addressed with thumbnails and a SQLite catalog.
let package = Package(
    name: "mediavault",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mediavault", targets: ["mediavault"]),
        .library(name: "MediaVault", targets: ["MediaVault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // System libraries (Debian -dev packages, installed by Scripts/setup).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CGumbo", pkgConfig: "gumbo", providers: [.apt(["libgumbo-dev"])]),
        .systemLibrary(name: "CPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCmarkGFM", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        // libjpeg / libpng: setjmp-based error handling must stay in C. giflib and libwebp
        // (+ libwebpdemux for the first frame of animations) for GIF and WebP thumbnails.
        // Child processes through posix_spawn (Foundation's Process.run() can crash the whole
        // process on Linux with Swift 6.3.1: swift-corelibs-foundation#5472).
        .target(name: "CSpawn"),
        .target(name: "ChildProcess", dependencies: ["CSpawn"]),
        .target(name: "CImageCodec", linkerSettings: [
            .linkedLibrary("jpeg"), .linkedLibrary("png"),
            .linkedLibrary("gif"), .linkedLibrary("webp"), .linkedLibrary("webpdemux"),
        ]),
        // SIGINT/SIGTERM through a SA_SIGINFO handler, which must be C (async-signal-safe), so the
        // stop notice can name the sender.
        .target(name: "CSignals"),

        // Stages of the pipeline; each knows only plain values from the stage before.
        .target(name: "PostScanner", dependencies: ["Yams", "CGumbo", "CCmarkGFM", "SwiftCSV"]),
        .target(name: "Fetcher", dependencies: ["CCurl"]),
        .target(name: "ArchiveStore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"), "CImageCodec", "CCrypto",
        ]),
        // Remote storage, each in its own module (its own dependencies, built and tested alone),
        // conforming to ArchiveStore's protocols: S3 through libcurl's SigV4, PostgreSQL
        // (catalog, work queue) through libpq.
        .target(name: "S3Storage", dependencies: ["CCurl", "ArchiveStore"]),
        .target(name: "PostgresStore", dependencies: ["CPQ", "ArchiveStore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The pipeline and the verbs' logic: the only module that wires the stages together.
        // It alone chooses the storage and catalog implementations (from the archive's address).
        .target(name: "MediaVault", dependencies: ["PostScanner", "Fetcher", "ArchiveStore", "S3Storage", "PostgresStore", "ChildProcess", "Yams"]),
        // Thin executable: argument parsing, output, exit codes.
        .executableTarget(name: "mediavault", dependencies: [
            "MediaVault", "CSignals", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Test support: the fixture CDN (Scripts/fixture-server) and temporary archives.
        .target(name: "TestSupport", dependencies: ["ChildProcess"], path: "Tests/TestSupport"),
        .testTarget(name: "PostScannerTests", dependencies: ["PostScanner", "ChildProcess", "TestSupport"]),
        .testTarget(name: "FetcherTests", dependencies: ["Fetcher", "ChildProcess", "TestSupport"]),
        .testTarget(name: "ArchiveStoreTests", dependencies: ["ArchiveStore", "ChildProcess", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "S3StorageTests", dependencies: ["S3Storage", "ArchiveStore", "TestSupport"]),
        .testTarget(name: "PostgresStoreTests", dependencies: [
            "PostgresStore", "ArchiveStore", .product(name: "GRDB", package: "GRDB.swift"), "TestSupport",
        ]),
        .testTarget(name: "MediaVaultTests", dependencies: ["MediaVault", "S3Storage", "PostgresStore", "ChildProcess", "TestSupport"]),
        .testTarget(name: "ChildProcessTests", dependencies: ["ChildProcess"]),
    ],
    swiftLanguageModes: [.v6]
)
