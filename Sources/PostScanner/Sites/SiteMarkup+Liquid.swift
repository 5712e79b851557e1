import Foundation

/// What Liquid evaluates to where a path is wanted, and what an include is given: outputs
/// (`{{ page.image | relative_url }}`), path tags (`{% link %}`), and the image arguments of includes.
extension SiteMarkup {
    /// `text` with every Liquid output replaced by its value; `text` itself when it has none;
    /// nil when an expression is not one that names a path (the URL cannot be known).
    static func liquidPath(_ text: String, page: [String: String], site: [String: String] = [:]) -> String? {
        guard SitePaths.contains(text, byte: UInt8(ascii: "{")) else { return text }  // nearly every URL: one memchr
        var text = text
        // Path tags first (`{% link assets/a.png %}`); any other tag leaves the URL unknowable.
        while let open = text.range(of: "{%") {
            guard let close = text[open.upperBound...].range(of: "%}"),
                  let path = pathTag(String(text[open.upperBound..<close.lowerBound])) else { return nil }
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: path)
        }
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))
            guard let value = liquidValue(expression, page: page, site: site) else { return nil }
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The value of a Liquid expression that names a path, or nil when it is not one.
    /// `site` holds the site's configuration (flattened keys) for `site.NAME` other than its address.
    static func liquidValue(_ expression: String, page: [String: String], site: [String: String] = [:]) -> String? {
        let parts = expression.split(separator: "|").map { $0.trimmedWhitespace() }
        guard let head = parts.first else { return nil }
        let filters = parts.dropFirst().map { $0.prefix { $0 != ":" && !$0.isWhitespace }.lowercased() }
        let pathFilters: Set<String> = ["relative_url", "absolute_url", "prepend", "append", "escape", "url_encode", "uri_escape", "strip"]
        // `site.url`/`site.baseurl` vanish: the path after them is root-relative once they are gone.
        // So do GitHub Pages' `site.github.url` (jekyll-github-metadata: the site's address with its baseurl).
        if head == "site.url" || head == "site.baseurl" || head == "site.base_url" || head == "site.github.url" { return "" }
        // Another setting of the site's (`{{ site.assets }}`: an asset host in `_config.yml`).
        if head.hasPrefix("site."), let value = site[String(head.dropFirst(5)).lowercased()], parts.count == 1 { return value }
        if let quote = head.first, quote == "\"" || quote == "'", head.last == quote, head.count >= 2,
           filters.allSatisfy(pathFilters.contains) {
            return String(head.dropFirst().dropLast())
        }
        if head.hasPrefix("page.") || head.hasPrefix("post.") || head.hasPrefix("include.") {
            guard var value = page[String(head.drop { $0 != "." }.dropFirst()).lowercased()] else { return nil }
            // `prepend`/`append` of a quoted text put it around the value (`| prepend: 'assets/img/'`);
            // of `site.baseurl` nothing, as above.
            for part in parts.dropFirst() {
                let filter = part.prefix { $0 != ":" && !$0.isWhitespace }.lowercased()
                guard filter == "prepend" || filter == "append", let colon = part.firstIndex(of: ":") else { continue }
                let argument = part[part.index(after: colon)...].trimmedWhitespace()
                guard let quote = argument.first, quote == "\"" || quote == "'", argument.last == quote, argument.count >= 2 else { continue }
                let text = String(argument.dropFirst().dropLast())
                // An appended query (al-folio's cache-busting `append: '?v=…'`) names no other file.
                if filter == "append", text.hasPrefix("?") || text.hasPrefix("#") { continue }
                value = filter == "prepend" ? text + value : value + text
            }
            return value
        }
        return nil
    }

    /// The name and text of `{% assign NAME = "text" %}` (a quoted text alone), or nil.
    static func assignedText(_ body: String) -> (name: String, value: String)? {
        guard let match = body.wholeMatch(of: /assign\s+(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*/) else { return nil }
        guard let value = match.output.2 ?? match.output.3 else { return nil }
        return (String(match.output.1), String(value))
    }

    /// The include arguments a template shows inside its `<figcaption>`s (`{{ include.caption }}`), in order.
    static func captionArguments(ofInclude text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<figcaption"), let close = rest[open.upperBound...].range(of: "</figcaption>") {
            for match in rest[open.upperBound..<close.lowerBound].matches(of: /include\.([A-Za-z_][A-Za-z0-9_]*)/) {
                let name = String(match.1).lowercased()
                if !names.contains(name) { names.append(name) }
            }
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// The argument of an include that names its images in one comma-separated list
    /// (`images="a.png,b.png"`, `images="a.png"`), and the names; nil when there is none.
    static func includedImageList(_ named: [String: String]) -> (argument: String, names: [String])? {
        for key in ["images", "imgs", "files", "photos"] {
            guard let value = named[key] else { continue }
            let names = value.split(separator: ",").map { $0.trimmedWhitespace() }.filter { !$0.isEmpty }
            if !names.isEmpty, names.allSatisfy(SitePaths.namesImage) { return (key, names) }
        }
        return nil
    }

    /// The image an include passes and the argument that passes it: `image_path=`, or an argument
    /// (`url`, `src`, `image`, `file`, `path`, `img`, `name`) whose value is an image file name;
    /// nil for includes of anything else.
    static func includedImage(_ named: [String: String], include: String? = nil) -> (argument: String, value: String)? {
        if let path = named["image_path"] { return ("image_path", path) }
        for key in ["src", "url", "image", "img", "file", "path", "source", "name"] {
            if let value = named[key], SitePaths.namesImage(value) { return (key, value) }
        }
        // An include named for a picture (`external_image.html href="…gif"`) puts its `href` in `src`.
        if let include, let href = named["href"], SitePaths.namesImage(href),
           ["image", "img", "figure", "picture", "photo"].contains(where: include.lowercased().contains) {
            return ("href", href)
        }
        return nil
    }

    /// Liquid and Hexo tags that stand for a path inside a URL: `{% link x %}` → `/x`,
    /// `{% asset_path x %}` → `x`; nil for any other tag.
    static func pathTag(_ inner: String) -> String? {
        let words = arguments(inner.trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))).positional
        guard words.count >= 2 else { return nil }
        switch words[0].lowercased() {
        case "link", "static_file": return words[1].hasPrefix("/") ? words[1] : "/" + words[1]
        case "asset_path": return words[1]
        case "asset": return assetPath(words[1])
        default: return nil
        }
    }

    /// Where jekyll-assets serves the asset `name` (`{% asset posts/a %}` → `/assets/posts/a`):
    /// under the plugin's default prefix, which the Jekyll site maps to its `assets.sources`.
    static func assetPath(_ name: String) -> String {
        Jekyll.assetsPrefix + "/" + name.drop { $0 == "/" }
    }

    /// The value of an output expression whose head is a name `{% assign %}` gave, its filters
    /// applied (`imgpath | relative_url`), or nil.
    func assignedValue(_ expression: String) -> String? {
        let head = String(expression.prefix { !$0.isWhitespace && $0 != "|" })
        guard let assigned = assigns[head] else { return nil }
        return Self.liquidValue("page." + expression, page: [head.lowercased(): assigned]) ?? assigned
    }

    /// `text` with each `{{ NAME … }}` of a name `{% assign %}` gave replaced by its value.
    func resolvingAssigns(_ text: String) -> String {
        guard !assigns.isEmpty, text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))
            out += rest[..<open.lowerBound]
            out += assignedValue(expression) ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
