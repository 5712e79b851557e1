import Foundation

/// MDX (Markdown with JSX: Astro, Docusaurus, Gatsby): read as Markdown once its imports are
/// resolved. An image imported at the top (`import hero from './hero.png'`) and shown through a
/// JSX expression (`<img src={hero} />`, `<Image src={hero} alt="…" />`) is that file; the import
/// lines themselves are code, not text. So is Docusaurus's `src={require('./a.png').default}`
/// and `src={useBaseUrl('/img/a.png')}`. Any other `{expression}` is left as written, and an
/// attribute holding one is no URL (`ImageCollector` skips it).
enum MDXSource {
    /// The body with image imports substituted into `={name}` attributes and import lines removed.
    static func resolvingImports(_ body: Substring) -> Substring {
        let body = resolvingCalls(body)
        guard body.contains("import ") else { return body }
        var imports: [String: String] = [:]
        var kept: [Substring] = []
        var inFence = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let (name, path) = imageImport(trimmed) {
                imports[name] = path
                continue
            }
            if !inFence, trimmed.hasPrefix("import "), trimmed.contains(" from ") || trimmed.hasSuffix(";") { continue }
            kept.append(line)
        }
        var text = kept.joined(separator: "\n")
        for (name, path) in imports {
            text = text.replacingOccurrences(of: #"=\{\s*\#(NSRegularExpression.escapedPattern(for: name))(\.src)?\s*\}"#,
                                             with: "=\"\(NSRegularExpression.escapedTemplate(for: path))\"", options: .regularExpression)
        }
        return Substring(pictureComponents(droppingExpressionAttributes(text)))
    }

    /// The text without the JSX attributes whose value is code (`widths={[176, 368]}`): not HTML,
    /// they made a tag spanning lines plain text to the Markdown parser, and with it the picture.
    static func droppingExpressionAttributes(_ text: String) -> String {
        guard text.contains("={") else { return text }
        return text.replacingOccurrences(of: #"\s+[A-Za-z_:][-A-Za-z0-9_:.]*=\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"#, with: "", options: .regularExpression)
    }

    /// A site's own picture component (`<Figure src="./a.png" label="…" />`, its source an imported
    /// image file) as the figure it renders: HTML has no such element, and the parser would lower
    /// its name into an unknown one. Its `caption`, `label` or `title` is the caption.
    static func pictureComponents(_ text: String) -> String {
        guard let expression = try? NSRegularExpression(pattern: #"<([A-Z][A-Za-z0-9.]*)(\s[^<>]*?)/?>"#) else { return text }
        var out = ""
        var last = text.startIndex
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let attributesRange = Range(match.range(at: 2), in: text) else { continue }
            let attributes = String(text[attributesRange])
            // Its picture: `src`, else the prop a card or preview component names it by
            // (`<SiteCard img="/img/mac/raycast.png" title="Raycast" />`, `image=`, `cover=`).
            guard let src = imageProps.lazy.compactMap({ SitePaths.attributeValues($0, in: attributes).first }).first(where: SitePaths.namesImage) else { continue }
            let alt = SitePaths.attributeValues("alt", in: attributes).first ?? SitePaths.attributeValues("title", in: attributes).first ?? ""
            let caption = ["caption", "label", "title"].lazy.compactMap { SitePaths.attributeValues($0, in: attributes).first }.first
            out += text[last..<whole.lowerBound]
            out += "<figure><img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(alt))\">"
            if let caption { out += "<figcaption>\(HTMLEscaping.escape(caption))</figcaption>" }
            out += "</figure>"
            last = whole.upperBound
        }
        return last == text.startIndex ? text : out + text[last...]
    }

    /// The props a component's picture is given by, in order.
    static let imageProps = ["src", "img", "image", "cover", "thumbnail", "picture", "photo", "screenshot", "poster", "imagesrc", "imgsrc", "imageurl"]

    /// True for Markdown written as MDX: an `import … from '…'` line (Docusaurus reads `.md` as
    /// MDX, and its posts import their components there).
    static func importsModules(_ body: Substring) -> Bool {
        guard body.containsBytes("import ") else { return false }
        return body.split(separator: "\n").contains { line in line.hasPrefix("import ") && (line.contains(" from '") || line.contains(" from \"")) }
    }

    /// `={require('path').default}`, `={require('path')}` and `={useBaseUrl('path')}` as `="path"`.
    static func resolvingCalls(_ body: Substring) -> Substring {
        // A byte search first: it runs on every Markdown post, and nearly none has a JSX expression.
        guard body.containsBytes("={"), body.containsBytes("require(") || body.containsBytes("useBaseUrl(") else { return body }
        let pattern = #"=\{\s*(?:require|useBaseUrl)\(\s*(["'`])([^"'`]+)\1\s*\)(?:\.default)?\s*\}"#
        return Substring(String(body).replacingOccurrences(of: pattern, with: "=\"$2\"", options: .regularExpression))
    }

    /// `import name from 'path'` where the path names an image file.
    private static func imageImport(_ line: String) -> (String, String)? {
        guard let match = line.range(of: #"^import\s+([A-Za-z_$][\w$]*)\s+from\s+["']([^"']+)["'];?$"#, options: .regularExpression) else { return nil }
        let parts = line[match].split(whereSeparator: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == ";" })
        guard parts.count >= 4, SitePaths.namesImage(String(parts[3])) else { return nil }
        return (String(parts[1]), String(parts[3]))
    }
}
