import Foundation

extension SiteMarkup {
    /// `assign NAME = site.static_files | where: "KEY", VALUE` → (NAME, KEY, VALUE); the filter
    /// is optional (`assign NAME = site.static_files`). Nil for any other assignment.
    static func staticFilesAssignment(_ body: String) -> (name: String, key: String?, value: String?)? {
        guard let match = body.firstMatch(of: #/^assign\s+([\w-]+)\s*=\s*site\.static_files\s*(?:\|\s*where\s*:\s*["']([\w-]+)["']\s*,\s*["']?([^"'\s]+)["']?\s*)?$/#)
        else { return nil }
        return (String(match.output.1), match.output.2.map(String.init), match.output.3.map(String.init))
    }

    /// `for VAR in COLLECTION …` → (VAR, COLLECTION); nil for other tags.
    static func forLoop(_ body: String) -> (variable: String, collection: String)? {
        guard let match = body.firstMatch(of: /^for\s+([\w-]+)\s+in\s+([\w.-]+)/) else { return nil }
        return (String(match.output.1), String(match.output.2))
    }

    /// A Liquid loop over Jekyll's static files (`{% for image in site.static_files %}`, or over
    /// a set assigned from them with `where`), written out once per image file the site has, as
    /// Jekyll renders it: `{{ VAR.path }}` (and `name`, `basename`, `extname`) given the file's
    /// values, and `{% if %}`/`{% unless %}` on them (`VAR.path contains 'gallery'`,
    /// `VAR.extname == '.jpg'`, nested too) decided; a condition on anything else is taken as true. Nil when
    /// the loop is over anything else, or outside a site.
    mutating func staticFilesLoop(_ body: String, end: Int) -> (html: String, end: Int)? {
        guard let (variable, collection) = Self.forLoop(body), let galleryFiles else { return nil }
        let query: SiteGallery.Query
        if collection == "site.static_files" {
            query = .staticFiles(key: nil, value: nil)
        } else if let set = staticFileSets[collection] {
            query = .staticFiles(key: set.key, value: set.value)
        } else {
            return nil
        }
        guard let block = blockBody(endTag: "endfor", open: "{%", close: "%}", from: end) else { return nil }
        listedFolder = true
        // `{{ VAR.field | filters }}`, compiled once for the loop.
        let output = try? Regex(#"\{\{-?\s*"# + NSRegularExpression.escapedPattern(for: variable) + #"\.(\w+)\s*(\|[^}]*)?-?\}\}"#)
        let html = galleryFiles(query).map { Self.loopBody(block.body, variable: variable, output: output, path: $0) }.joined()
        return (html, block.end)
    }

    /// One pass of a static-files loop's body for the file at `path` (`/assets/img/a.jpg`);
    /// `output` matches the body's `{{ VAR.field }}` outputs.
    static func loopBody(_ body: String, variable: String, output: Regex<AnyRegexOutput>?, path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension
        let values = ["path": path, "name": name, "basename": (name as NSString).deletingPathExtension, "extname": ext.isEmpty ? "" : "." + ext]
        // Conditions first, innermost out (a branch holding no other condition is decided, then
        // the one around it): the kept branch stays, the tags go.
        let condition = #/\{%-?\s*(if|unless)\s+((?:(?!%\})[\s\S])+?)\s*-?%\}((?:(?!\{%-?\s*(?:if|unless)\s)[\s\S])*?)(?:\{%-?\s*else\s*-?%\}((?:(?!\{%-?\s*(?:if|unless)\s)[\s\S])*?))?\{%-?\s*end(?:if|unless)\s*-?%\}/#
        var text = body
        for _ in 0..<16 {  // nesting deeper than 16 is left as it is
            let decided = text.replacing(condition) { match -> String in
                let negated = match.output.1 == "unless"
                let holds = decide(String(match.output.2), variable: variable, values: values) != negated
                return String((holds ? match.output.3 : match.output.4 ?? ""))
            }
            if decided == text { break }
            text = decided
        }
        // Output: the value itself, or a string literal that the path's Liquid filters then take.
        guard let output else { return text }
        return text.replacing(output) { match -> String in
            let value = values[String(match.output[1].substring ?? "")] ?? ""
            guard let filters = match.output[2].substring, !filters.isEmpty else { return value }
            return "{{ '\(value)' \(filters) }}"
        }
    }

    /// Whether a Liquid condition on the loop variable holds: `and`/`or` of comparisons of its
    /// `path`, `name`, `basename` or `extname` (`contains`, `==`, `!=`); other terms count as true.
    private static func decide(_ condition: String, variable: String, values: [String: String]) -> Bool {
        func term(_ text: Substring) -> Bool {
            let words = text.split(separator: " ", maxSplits: 2).map { String($0) }
            guard words.count == 3, words[0].hasPrefix(variable + "."),
                  let value = values[String(words[0].dropFirst(variable.count + 1))] else { return true }
            let operand = words[2].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            switch words[1] {
            case "contains": return value.contains(operand)
            case "==": return value == operand
            case "!=": return value != operand
            default: return true
            }
        }
        // Liquid reads `and`/`or` right to left, without precedence; plain alternatives suffice here.
        return condition.components(separatedBy: " or ").contains { alternative in
            alternative.components(separatedBy: " and ").allSatisfy { term(Substring($0.trimmedWhitespace())) }
        }
    }
}
