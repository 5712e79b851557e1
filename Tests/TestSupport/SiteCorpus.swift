import Foundation

/// The labelled static-site trees of `corpus/sites/` (see its README.md): each site's
/// `SITE.json` and `labels.jsonl`, and a working copy with the site's code markers in place.
public struct SiteCorpus: Sendable {
    /// One labelled image reference of a post.
    public struct Image: Decodable, Sendable {
        /// The reference exactly as written.
        public var ref: String
        /// The file it means, relative to the site root, or nil (remote, broken or not copied).
        public var file: String?
        /// The visible caption, or nil.
        public var caption: String?
    }
    /// A post's cover: a reference (nil when chosen by file name) and its file.
    public struct Cover: Decodable, Sendable {
        /// The reference as written, or nil.
        public var ref: String?
        /// The file, relative to the site root.
        public var file: String?
    }
    /// One line of `labels.jsonl`.
    public struct Label: Decodable, Sendable {
        /// The post, relative to the site root.
        public var post: String
        /// Its images in document order.
        public var images: [Image]
        /// Its cover, if any.
        public var cover: Cover?
        /// Image-looking URLs that are not images.
        public var notImages: [String]?
        enum CodingKeys: String, CodingKey { case post, images, cover, notImages = "not_images" }
    }
    /// `SITE.json`.
    public struct Info: Decodable, Sendable {
        /// Free text naming the generator first (`Hexo 7 (theme Fluid) …`).
        public var generator: String
        /// The site root inside the site folder.
        public var siteRoot: String
        /// Code files and folders that were not copied (free text after the path).
        public var codeMarkers: [String]
        enum CodingKeys: String, CodingKey { case generator, siteRoot = "site_root", codeMarkers = "code_markers" }

        /// The generator's name, lower-cased (`hexo`).
        public var generatorName: String { generator.split(separator: " ").first.map { $0.lowercased() } ?? "" }
    }

    /// The site folder's name (`hexo-billhu`).
    public var name: String
    /// The site folder in the shared data.
    public var folder: URL
    /// Its `SITE.json`.
    public var info: Info
    /// Its labels, one per post.
    public var labels: [Label]

    /// Every site under `sites` (the `corpus/sites` folder), sorted by name.
    public static func load(_ sites: URL) throws -> [SiteCorpus] {
        let names = try FileManager.default.contentsOfDirectory(atPath: sites.path).sorted()
        return try names.compactMap { name in
            let folder = sites.appendingPathComponent(name)
            let infoFile = folder.appendingPathComponent("SITE.json")
            guard FileManager.default.fileExists(atPath: infoFile.path) else { return nil }
            let info = try JSONDecoder().decode(Info.self, from: Data(contentsOf: infoFile))
            let lines = try String(contentsOf: folder.appendingPathComponent("labels.jsonl"), encoding: .utf8).split(separator: "\n")
            let labels = try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(Label.self, from: Data($0.utf8)) }
            return SiteCorpus(name: name, folder: folder, info: info, labels: labels)
        }
    }

    /// Copies the site under `parent` and puts its code markers back as decoys (a folder marker
    /// gets a template with an image in it, an HTML marker is such a template, any other marker
    /// an empty file), so detection sees a real tree and a walk that reads code is caught.
    /// Returns the site root inside the copy.
    public func workingCopy(in parent: URL) throws -> URL {
        let copy = parent.appendingPathComponent(name)
        try FileManager.default.copyItem(at: folder, to: copy)
        let decoy = "<html><body><img src=\"{{ . }}\"><img src=\"/decoy-from-code.png\"></body></html>\n"
        for marker in info.codeMarkers {
            guard let path = marker.split(separator: " ").first.map(String.init), !path.isEmpty else { continue }
            let url = copy.appendingPathComponent(path)
            if path.hasSuffix("/") {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                try Data(decoy.utf8).write(to: url.appendingPathComponent("decoy.html"))
            } else if !FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data((path.hasSuffix(".html") ? decoy : "").utf8).write(to: url)
            }
        }
        return info.siteRoot == "." ? copy : copy.appendingPathComponent(info.siteRoot)
    }
}
