import ArchiveStore
import ArgumentParser
import Foundation

/// `mediavault thumbnail`: the archive's thumbnailer on arbitrary files (inspection and `Scripts/bench thumbs`).
struct Thumbnail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thumbnail",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Make thumbnails of image files the way mirror does (JPEG, PNG, GIF first frame, WebP).",
        discussion: "Writes OUT/<name>.jpg (opaque) or OUT/<name>.png (transparency kept). Exit 3 if some failed.")

    @Argument(help: "Image files.")
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("Folder for the thumbnails (created when missing).", valueName: "DIR"))
    var out: String

    @Option(name: .long, help: "Longest edge in pixels.")
    var size: Int = 320

    @Option(name: .long, help: "Files decoded at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard size >= 1, size <= 4096 else { throw ValidationError("--size must be between 1 and 4096") }
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            FatalReport.fail("cannot create \(out): \(SystemError.describe(error))", input: out, operation: "create the output folder")
            throw ExitCode(2)  // fatal (ExitStatus.fatal; this verb does not link MediaVault)
        }
        var thumbnailer = Thumbnailer(maxEdge: size)
        thumbnailer.syncsFiles = false  // like vipsthumbnail and convert: no fsync per file
        let results = thumbnailer.makeThumbnails(
            of: files.map { URL(fileURLWithPath: $0) }, into: folder, jobs: jobs)
        var failed = 0
        var lines = ""
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let thumbnail):
                lines += "\(file)\t\(thumbnail.file.path)\t\(thumbnail.width)x\(thumbnail.height)\n"
                if thumbnail.source.truncated || thumbnail.source.warning != nil {
                    let what = thumbnail.source.truncated ? "the image data ends early, its lower part is grey" : "the decoder warned"
                    let warning = "mediavault: warning: \(file): \(thumbnail.source.warning ?? "truncated") (\(what))\n"
                    FileHandle.standardError.write(Data(warning.utf8))
                }
            case .failure(let error):
                failed += 1
                FileHandle.standardError.write(Data("mediavault: \(error)\n".utf8))
            }
        }
        FileHandle.standardOutput.write(Data(lines.utf8))
        if failed > 0 { throw ExitCode(3) }
    }
}
