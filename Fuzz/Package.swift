// swift-tools-version:6.0
import PackageDescription

/// libFuzzer target over the scanner's entry point, kept out of the main package so that a plain
/// `swift build` never needs the fuzzer runtime. Built only with `swift build --sanitize=fuzzer`
/// (see Scripts/fuzz-scan). The scanner's sources are the main package's own, through symlinks
/// (SwiftPM refuses target paths outside the package root), so only PostScanner, Yams and SwiftCSV are built.
let package = Package(
    name: "mediavault-fuzz",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CGumbo", pkgConfig: "gumbo"),
        .systemLibrary(name: "CCmarkGFM"),
        // -enable-testing: the fuzzer also compares internal parse trees (@testable import).
        .target(name: "PostScanner", dependencies: ["Yams", "CGumbo", "CCmarkGFM", "SwiftCSV"],
                swiftSettings: [.unsafeFlags(["-enable-testing"])]),
        .executableTarget(name: "ScanFuzz", dependencies: ["PostScanner"]),
    ],
    swiftLanguageModes: [.v6]
)
