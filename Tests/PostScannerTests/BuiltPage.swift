import ChildProcess
import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// A site tree built by its real generator (Debian `hugo`, `jekyll`), to check the scanner's
/// choice of file against what the generator publishes.
enum BuiltPage {
    /// The generator's binary, or nil when it is not installed.
    static func binary(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the test where `name` is installed (always with `CI=true`, where its absence fails it).
    static func available(_ name: String) -> ConditionTrait {
        .enabled(if: TestRequirement.isStrict || binary(name) != nil,
                 Comment(rawValue: "\(name) is not installed (Scripts/setup installs the Debian package)"))
    }

    /// Builds `tree` into `tree/output` (`hugo` and `jekyll`: the source and destination are added
    /// to `arguments`; `pelican`: `content -o output -s pelicanconf.py`).
    static func build(_ name: String, _ tree: SiteTree, output: String, arguments: [String] = []) throws {
        let tool = try #require(binary(name), "\(name) is not installed (Scripts/setup installs the Debian package)")
        let paths = name == "pelican" ? [tree.path + "/content", "-o", tree.path + "/" + output, "-s", tree.path + "/pelicanconf.py", "-q"]
            : ["--source", tree.path, "--destination", tree.path + "/" + output, "--quiet"]
        let result = try ChildProcess.run(tool, arguments: arguments + paths,
                                          environment: ["PATH": "/usr/bin:/bin", "HOME": tree.path, "LANG": "C.UTF-8"],
                                          directory: tree.path, stderr: .standardOutput)
        #expect(result.termination == .exit(0), "\(result.stdoutText)")
    }

    /// Checks that each image the built `page` shows (its `src` values, in order) is, under
    /// `output` once `prefix` (the base URL's path) is removed where present, the very file the
    /// scanner resolved for the post's images (those in the body) in the same order.
    static func expectShowsTheChosenFiles(page: String, of tree: SiteTree, output: String, prefix: String,
                                          images: [ImageRef], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let html = try String(contentsOfFile: tree.path + "/" + output + "/" + page, encoding: .utf8)
        let shown = SitePaths.attributeValues("src", in: html)
        let images = images.filter { $0.occurrences > 0 }
        #expect(shown.count == images.count, "\(html)", sourceLocation: sourceLocation)
        for (src, image) in zip(shown, images) {
            let path = src.hasPrefix(prefix + "/") ? String(src.dropFirst(prefix.count)) : src
            let built = FileManager.default.contents(atPath: tree.path + "/" + output + path)
            let chosen = try #require(SiteTree.file(image), "\(image.src)", sourceLocation: sourceLocation)
            #expect(built != nil, "the page shows \(src), which was not built", sourceLocation: sourceLocation)
            #expect(built == FileManager.default.contents(atPath: chosen), "\(src): the page shows another file than \(chosen)",
                    sourceLocation: sourceLocation)
        }
    }
}
