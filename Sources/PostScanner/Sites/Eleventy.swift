import Foundation

/// Eleventy (11ty): `eleventy.config.*` or `.eleventy.js` at the root; every template under the
/// input folder (`dir.input`, default the root) is a page, published at its path there, so a
/// root-relative `/x` is `x` in the input folder (passthrough copies keep that path) or in
/// `public/` (copied to `/` by the official base blog); a relative reference is beside the post.
struct Eleventy: SiteGenerator {
    /// The name reported in `scan --json`.
    static let name = "eleventy"
    /// `dir.input`, relative to the root ("." for the root).
    var inputFolder: String
    /// `dir.output` (default `_site`), never read for posts.
    var outputFolder: String
    /// The URL is code, so never known.
    var siteURL: String? { nil }

    /// The site when `root` holds the marker files, with its settings read.
    static func detect(root: String) -> Eleventy? {
        let configs = ["eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", "eleventy.config.ts", ".eleventy.js", ".eleventy.cjs"]
        guard let config = SitePaths.firstFile(configs, in: root) else { return nil }
        // The configuration is code; the `dir` option is almost always plain literals.
        let text = SitePaths.read(root + "/" + config) ?? ""
        let input = SiteConfig.scriptString("input", in: text).map(SitePaths.relativeFolder) ?? "."
        return Eleventy(inputFolder: input.isEmpty ? "." : input,
                        outputFolder: SiteConfig.scriptString("output", in: text).map(SitePaths.relativeFolder) ?? "_site")
    }

    /// The folders whose files are posts.
    var contentFolders: [String] { [inputFolder] }

    /// Packages, the build output and Eleventy's data folder hold no posts.
    func skipsFolder(_ relative: String) -> Bool {
        let first = SitePaths.topFolder(relative)
        return first == "node_modules" || first == "_data" || first == outputFolder || first == ".git"
    }

    /// The files `reference` may mean in `post`, most likely first.
    func candidates(for reference: SiteReference, post: SitePost) -> [SiteCandidate] {
        let input = inputFolder == "." ? "" : inputFolder + "/"
        if reference.isRootRelative {
            return [SiteCandidate(path: post.inRoot(input + reference.trimmed), rule: "eleventy root-relative: the input folder is published at /"),
                    SiteCandidate(path: post.inRoot("public/" + reference.trimmed), rule: "eleventy root-relative: public/ copied to /")]
        }
        // eleventy-img's shortcodes (`{% image "./src/img/a.jpg", "Alt" %}`) read a file path
        // relative to the project root, where Eleventy runs.
        return [post.beside(reference),
                SiteCandidate(path: post.inRoot(input + reference.trimmed), rule: "eleventy: relative to the input folder"),
                SiteCandidate(path: post.inRoot(reference.trimmed), rule: "eleventy-img: a file path from the project root")]
    }
}
