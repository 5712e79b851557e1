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
        return Substring(text)
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
