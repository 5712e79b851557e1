import ChildProcess
import Foundation

/// Headless Chromium (Debian `chromium`, installed by Scripts/setup) for the tests that check
/// what a browser shows. Absent, those tests are skipped with the reason recorded.
enum Chromium {
    /// The browser binary, or nil when none is installed.
    static let binary: String? = {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            where FileManager.default.isExecutableFile(atPath: path) { return path }
        return nil
    }()

    /// Why the Chromium checks cannot run here (nil when they can).
    static var skipReason: String? {
        binary == nil ? "chromium is not installed (Scripts/setup installs the Debian `chromium` package); browser checks skipped" : nil
    }

    /// Runs Chromium headless with networking cut off (every host maps to nothing) on `page`
    /// with `arguments` (`--screenshot=…` or `--dump-dom`); returns stdout.
    static func run(_ page: URL, _ arguments: [String]) throws -> String {
        try run(url: page.absoluteString, arguments + ["--proxy-server=http://127.0.0.1:9", "--allow-file-access-from-files",
                                                       "--virtual-time-budget=5000"], loopback: false)
    }

    /// Runs Chromium headless on `url` with every host unresolvable except, when `loopback`,
    /// 127.0.0.1 (a local server of the test's own); returns stdout. Throws when Chromium is absent.
    static func run(url: String, _ arguments: [String], loopback: Bool) throws -> String {
        guard let binary else { throw LaunchError(description: skipReason ?? "no chromium") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-chromium-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: profile) }
        let output = try ChildProcess.run(binary, arguments: [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=\(profile.path)",
            "--host-resolver-rules=MAP * ~NOTFOUND" + (loopback ? ", EXCLUDE 127.0.0.1" : ""),
        ] + arguments + [url], directory: FileManager.default.temporaryDirectory.path, stderr: .null)
        return output.stdoutText
    }

    /// Chromium is not installed.
    struct LaunchError: Error, CustomStringConvertible {
        let description: String
    }
}
