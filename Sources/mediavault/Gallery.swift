import ArgumentParser
import Foundation
import MediaVault

/// `mediavault gallery`: a static HTML gallery of the archive.
struct GalleryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Write a static HTML gallery of the archive (thumbnails, captions, posts) that opens from file://.",
        discussion: "Pages of --page-size cards (index.html, page-2.html, …) with a filter box. Images are referenced by relative paths into the archive unless --copy.")

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: ArgumentHelp("The gallery folder (created if needed).", valueName: "DIR"))
    var out: String

    @Flag(name: .long, help: "Hard-link (or copy) thumbnails and images into the gallery folder so it stands alone.")
    var copy = false

    @Option(name: .customLong("public-url"), help: ArgumentHelp(
        "Link the images through this base URL, where the archive's keys are served (a public bucket, a CDN); default: $MEDIAVAULT_PUBLIC_URL. For an S3 archive, this or --copy.",
        valueName: "URL"))
    var publicURL: String?

    @Option(name: .customLong("page-size"), help: "Cards per page.")
    var pageSize = 500

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
    }

    func run() throws {
        var gallery = Gallery(target: try archive.target(), out: URL(fileURLWithPath: out))
        gallery.publicURL = publicURL ?? ProcessInfo.processInfo.environment["MEDIAVAULT_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        gallery.copy = copy
        gallery.pageSize = pageSize
        gallery.stop = ProcessSignals.stop
        let console = ConsoleOutput(output)
        throw ExitCode(console.exitStatus(gallery.run(output: console)))
    }
}
