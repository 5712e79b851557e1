import Foundation

/// A site's own shortcode template (`layouts/shortcodes/pic.html`), read for the path it makes of
/// an argument: `<img src="{{ "images/" | relURL }}{{ .Get "name" }}">` turns `name="x.png"` into
/// `/images/x.png`. Only the plain forms are evaluated (string literals, `.Get`, `.Site.BaseURL`, `.Site.Params.NAME`,
/// `$variables` assigned from those, for the path, the alt and the caption, the `relURL`/`absURL`/`safeURL` filters); anything else
/// (`.Page.Resources.GetMatch`, `printf`, conditions) leaves the argument to the usual rules.
struct HugoShortcodeTemplate {
    /// The template's text.
    let text: String

    /// The template of shortcode `name` in the site (its `layouts/`, then the theme's), or nil;
    /// files come through `templates`, read once per site.
    static func find(_ name: String, root: String, themes: [String], templates: TemplateTexts) -> HugoShortcodeTemplate? {
        var folders = ["layouts/shortcodes", "layouts/_shortcodes"]
        for theme in themes { folders += ["\(theme)/layouts/shortcodes", "\(theme)/layouts/_shortcodes"] }
        for folder in folders {
            if let text = templates.text(at: SitePaths.join(root, "\(folder)/\(name).html")) { return HugoShortcodeTemplate(text: text) }
        }
        return nil
    }

    /// The path the template puts in an image's `src` for `argument` (a name, or a position
    /// "0", "1" …) given `value`; `basePath` is the base URL's path ("" or "/blog"). Nil when no
    /// `src` uses the argument in a form evaluated here.
    /// `params` are the site's `params` (flattened, lower-cased keys), for `.Site.Params.NAME`.
    func path(argument: String, value: String, basePath: String, params: [String: String] = [:]) -> String? {
        let variables = assignments()
        for attribute in ["src", "data-src", "href"] {
            for written in SitePaths.attributeValues(attribute, in: text) {
                var evaluator = Evaluator(argument: argument.lowercased(), value: value, basePath: basePath, variables: variables, params: params)
                if let path = evaluator.evaluate(written), evaluator.usedArgument { return path }
            }
        }
        return nil
    }

    /// The argument (a name, or a position "0", "1" …) the template shows as the picture's
    /// caption: a `.Get` inside its `<figcaption>`, or the one a `{{ with .Get 1 }}` before it
    /// makes the `{{ . }}` inside it. Nil when the caption is not one argument.
    func captionArgument() -> String? {
        guard let open = text.range(of: "<figcaption"), let close = text[open.upperBound...].range(of: "</figcaption>") else { return nil }
        let variables = assignments()
        for action in Self.actions(in: String(text[open.upperBound..<close.lowerBound])) {
            if let argument = Self.argument(read: action, variables: variables) { return argument }
            guard action == "." || action.hasPrefix(". ") || action.hasPrefix(".|") else { continue }
            // `{{ . }}`: the value of the nearest `with` before the caption.
            let before = Self.actions(in: String(text[..<open.lowerBound]))
            if let with = before.last(where: { $0.hasPrefix("with ") }) { return Self.argument(read: String(with.dropFirst(5)), variables: variables) }
        }
        return nil
    }

    /// True when the template hands `argument` to `resources.Get` (a global resource under
    /// `assets/`), directly or through a variable: `{{ $image := resources.Get (.Get "src") }}`.
    func getsGlobalResource(argument: String) -> Bool {
        let variables = assignments()
        return Self.actions(in: text).contains { action in
            guard let call = action.range(of: "resources.Get") else { return false }
            return Self.reads(action[call.upperBound...], argument: argument.lowercased(), variables: variables, depth: 0)
        }
    }

    /// How the template looks the picture up among the page's resources: the argument it reads
    /// and the glob it makes of its value (`.Resources.GetMatch (printf "*%s*" (.Get "name"))`
    /// gives `name` and `*%s*`; `.Resources.Get (.Get "src")` gives `src` and `%s`). Nil when it
    /// looks up none.
    func resourceLookup() -> (argument: String, pattern: String)? {
        let variables = assignments()
        for action in Self.actions(in: text) {
            // `.Page.Resources.GetMatch`, `(.Resources.ByType "image").GetMatch`, `.Resources.Get`: the page's
            // resources (a capital R; `resources.Get` is a global one).
            guard let page = action.range(of: "Resources."),
                  let call = action[page.upperBound...].range(of: "GetMatch") ?? action[page.upperBound...].range(of: "Get") else { continue }
            let rest = action[call.upperBound...]
            guard let argument = Self.readArgument(rest, variables: variables, depth: 0) else { continue }
            // `printf "*%s*"`: the format is the pattern, the argument's value in place of `%s`.
            if let printf = rest.range(of: "printf"), let open = rest[printf.upperBound...].firstIndex(of: "\""),
               let close = rest[rest.index(after: open)...].firstIndex(of: "\"") {
                let format = String(rest[rest.index(after: open)..<close])
                if format.contains("%s") { return (argument, format) }
            }
            return (argument, "%s")
        }
        return nil
    }

    /// True when `expression` reads `argument`, itself or through a `$variable` assigned from it.
    private static func reads(_ expression: Substring, argument: String, variables: [String: String], depth: Int) -> Bool {
        readArgument(expression, variables: variables, depth: depth) == argument
    }

    /// The first argument `expression` reads (`.Get "name"`, `.Get 0`), itself or through a
    /// `$variable` assigned from one; nil when it reads none.
    private static func readArgument(_ expression: Substring, variables: [String: String], depth: Int) -> String? {
        if let match = expression.firstMatch(of: /\.Get\s+"?([A-Za-z0-9_]+)"?/) { return String(match.1).lowercased() }
        guard depth < 3 else { return nil }
        for match in expression.matches(of: /\$([A-Za-z_][A-Za-z0-9_]*)/) {
            if let assigned = variables[String(match.1)], let argument = readArgument(assigned[...], variables: variables, depth: depth + 1) { return argument }
        }
        return nil
    }

    /// The argument the template writes as the picture's `alt`, or nil.
    func altArgument() -> String? {
        let variables = assignments()
        for written in SitePaths.attributeValues("alt", in: text) {
            if let argument = Self.actions(in: written).lazy.compactMap({ Self.argument(read: $0, variables: variables) }).first { return argument }
        }
        return nil
    }

    /// The argument an action shows, itself (`.Get 1`) or through the variable it names
    /// (`{{ $alt }}` after `{{ $alt := .Get 1 }}`).
    private static func argument(read action: String, variables: [String: String]) -> String? {
        if let argument = argument(read: action) { return argument }
        guard let match = action.firstMatch(of: /^\(?\$([A-Za-z_][A-Za-z0-9_]*)/), let assigned = variables[String(match.1)] else { return nil }
        return readArgument(assigned[...], variables: variables, depth: 1)
    }

    /// The argument an expression reads (`.Get 1`, `.Get "caption" | markdownify`, `(.Get 1)`).
    static func argument(read expression: String) -> String? {
        let trimmed = expression.trimmingCharacters(in: CharacterSet(charactersIn: "( "))
        guard let match = trimmed.firstMatch(of: /^\$?\.Get\s+"?([A-Za-z0-9_]+)"?/) else { return nil }
        return String(match.1).lowercased()
    }

    /// `{{ $name := expression }}` (and `=`) assignments, by variable name.
    private func assignments() -> [String: String] {
        var found: [String: String] = [:]
        for action in Self.actions(in: text) {
            guard action.hasPrefix("$"), let assign = action.range(of: #"\s*:?=\s*"#, options: .regularExpression) else { continue }
            let name = String(action[action.index(after: action.startIndex)..<assign.lowerBound])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), found[name] == nil else { continue }
            found[name] = String(action[assign.upperBound...])
        }
        return found
    }

    /// The inner text of each `{{ … }}` action, without the trim markers.
    static func actions(in text: String) -> [String] {
        var actions: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            actions.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "- \t\r\n")))
            rest = rest[close.upperBound...]
        }
        return actions
    }

    /// Evaluates the text of one attribute: literal text and the actions it can read.
    private struct Evaluator {
        let argument: String
        let value: String
        let basePath: String
        let variables: [String: String]
        let params: [String: String]
        /// True once the argument's value went into the result.
        var usedArgument = false

        mutating func evaluate(_ written: String) -> String? {
            var out = ""
            var rest = Substring(written)
            while let open = rest.range(of: "{{") {
                out += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "}}"),
                      let value = pipeline(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "- \t\r\n")), depth: 0)
                else { return nil }
                out += value
                rest = rest[close.upperBound...]
            }
            return out + rest
        }

        /// `head | filter | filter`.
        private mutating func pipeline(_ expression: String, depth: Int) -> String? {
            let parts = expression.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let head = parts.first, var result = term(head, depth: depth) else { return nil }
            for filter in parts.dropFirst() {
                switch filter {
                case "relURL", "absURL", "relLangURL", "absLangURL":
                    // Hugo puts a relative path under the base URL.
                    if !result.hasPrefix("/"), !result.contains("://") { result = basePath + "/" + result }
                case "safeURL", "safeHTMLAttr": continue
                default: return nil
                }
            }
            return result
        }

        private mutating func term(_ written: String, depth: Int) -> String? {
            var term = written
            if term.hasPrefix("("), term.hasSuffix(")") { term = String(term.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) }
            if let quote = term.first, quote == "\"" || quote == "`", term.count >= 2, term.last == quote {
                return String(term.dropFirst().dropLast())
            }
            if [".Site.BaseURL", "$.Site.BaseURL", "site.BaseURL", ".Site.Home.RelPermalink"].contains(term) { return basePath + "/" }
            // A site setting (`.Site.Params.imageCdn`: an image host in the configuration).
            for prefix in [".Site.Params.", "$.Site.Params.", "site.Params."] where term.hasPrefix(prefix) {
                return params[String(term.dropFirst(prefix.count)).lowercased()]
            }
            if let match = term.range(of: #"^\$?\.Get\s+"?([A-Za-z0-9_]+)"?$"#, options: .regularExpression) {
                let name = term[match].split(whereSeparator: { $0 == " " || $0 == "\"" }).last.map(String.init)?.lowercased()
                guard name == argument else { return nil }
                usedArgument = true
                return value
            }
            if term.hasPrefix("$"), depth < 3, let assigned = variables[String(term.dropFirst())] {
                return pipeline(assigned, depth: depth + 1)
            }
            return nil
        }
    }
}
