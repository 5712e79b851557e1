import Foundation

extension SiteMarkup {
    /// Liquid and Hexo tags (`{% name args %}`).
    mutating func liquidTag() {
        guard let (inner, end) = enclosed(open: "{%", close: "%}") else { return copyByte() }
        let body = inner.trimmingCharacters(in: CharacterSet(charactersIn: "- \t\r\n"))
        if let call = Self.shortcodeCall(body) {
            // Zola's body form: `{% name(args) %}body{% end %}`.
            guard let block = blockBody(endTag: "end", open: "{%", close: "%}", from: end),
                  emitCall(call, body: block.body, replacing: block.end) else { return copy(to: end) }
            return
        }
        let name = body.prefix { !$0.isWhitespace }.lowercased()
        let args = Self.arguments(String(body.dropFirst(name.count)))
        // A path tag as a reference definition's destination (`[d]: {% link assets/d.png %}`).
        if atReferenceDefinitionStart, let path = Self.pathTag(body) { return emit(HTMLEscaping.escape(path), replacing: end, keepIndent: true) }
        if pluginTag(name, args, end: end) { return }
        switch name {
        case "raw", "highlight", "codeblock", "code", "comment", "include_code":
            // Examples and comments: nothing inside is an image.
            if !dropBlock(endTag: "end" + name, open: "{%", close: "%}") { copy(to: end) }
        case "capture":
            // `{% capture NAME %}…{% endcapture %}` renders nothing here; `{{ NAME }}` shows it.
            guard let name = args.positional.first,
                  let block = blockBody(endTag: "endcapture", open: "{%", close: "%}", from: end) else { return copy(to: end) }
            captures[name] = block.body
            emit("", replacing: block.end)
        case "assign" where Self.assignedText(body) != nil:
            guard let (name, value) = Self.assignedText(body) else { return copy(to: end) }
            assigns[name] = value
            emit("", replacing: end)
        case "assign" where body.contains("site.static_files"):
            // Jekyll's static files, narrowed by `where`: what a later `{% for %}` shows.
            guard let set = Self.staticFilesAssignment(body) else { return copy(to: end) }
            staticFileSets[set.name] = (set.key, set.value)
            emit("", replacing: end)
        case "for":
            guard let loop = staticFilesLoop(body, end: end) else { return copy(to: end) }
            emit(loop.html, replacing: loop.end, block: true)
        case "include" where args.positional.first == "gallery":
            emit(gallery(id: args.named["id"] ?? "gallery", caption: args.named["caption"], captured: args.named["images"].flatMap { captures[$0] }),
                 replacing: end, block: true)
        case "img" where Self.isCommaList(body), "image" where Self.isCommaList(body):
            // Volantis-style `{% image src, alt=…, width=… %}` (or `src::alt=…::width=…`): the alt is
            // shown as the caption; Eleventy's `{% image "src", "alt", [widths] %}`: the second
            // (quoted) argument is the alt.
            let parts = body.contains("::") ? Self.doubleColonList(body) : Self.commaList(body)
            let alt = parts.named["alt"] ?? parts.positional.first
            emit(Self.img(src: parts.src, alt: alt, title: parts.named["title"] ?? parts.named["alt"]), replacing: end)
        case "image" where Self.imageWithThumbnail(args.positional) != nil:
            guard let image = Self.imageWithThumbnail(args.positional) else { return copy(to: end) }
            emit(Self.figure(src: image.thumbnail, alt: image.title, title: nil, caption: image.title, linked: image.original), replacing: end, block: true)
        case "asset_img", "asset_image", "img", "image":
            // Hexo/Octopress `{% img [class] /path [w] [h] [title [alt]] %}` takes the same arguments.
            // Hexo reads `'"title" "alt"'` (its docs' form, the inner quotes left by the outer ones) as a
            // title and an alt; Octopress's `"title" "alt"` comes here unquoted.
            let hexoMeta = name.hasPrefix("asset") || args.positional.contains { $0.contains("\"") }
            guard let image = Self.hexoAsset(args.positional, hexoMeta: hexoMeta) else { return emit("", replacing: end) }
            emit(Self.img(src: image.name, alt: image.alt, title: image.title, asset: name.hasPrefix("asset")), replacing: end)
        case "post_url" where args.positional.count == 1:
            // Jekyll writes the post's URL: a link's destination, which Markdown reads only
            // without spaces (`[text]({% post_url 2023-04-12-name %})` is a link, not bracketed text).
            emit("/" + HTMLEscaping.escape(args.positional[0]), replacing: end, keepIndent: true)
        case "asset_path":
            emit(HTMLEscaping.escape(args.positional.first ?? ""), replacing: end, keepIndent: true)
        case "asset_link":
            let title = args.positional.dropFirst().joined(separator: " ")
            emit(HTMLEscaping.escape(title.isEmpty ? (args.positional.first ?? "") : title), replacing: end, keepIndent: true)
        case "include" where Self.includedImageList(args.named) != nil:
            // Type-on-Strap's `{% include aligner.html images="a.png,b.png" %}`: one picture per
            // name, each a bare name the include's template places (`assets/img/` there).
            guard let (argument, names) = Self.includedImageList(args.named), let include = args.positional.first else { return copy(to: end) }
            emit(names.map { Self.figure(src: $0, alt: nil, title: nil, caption: nil, include: "\(include) \(argument)") }.joined(separator: "\n"),
                 replacing: end, block: true)
        case "include" where Self.includedImage(args.named, include: args.positional.first) != nil:
            // Minimal Mistakes `{% include figure image_path=… alt=… caption=… %}` and the many
            // `image.html`-style includes (`url=`, `src=`, `file=` … naming an image file).
            guard let (argument, value) = Self.includedImage(args.named, include: args.positional.first) else { return copy(to: end) }
            var src = liquidValue(value)
            // A bare name means whatever folder the include's template puts before it; a template
            // that builds the path from the page's or the site's values is read here, where they are known.
            var isBare = !src.hasPrefix("/") && !src.contains("://") && !src.contains("{")
            if isBare, let template = args.positional.first, let path = includedPathWithPage?(template, argument, src) {
                src = path
                isBare = false
            }
            let include = isBare ? args.positional.first.map { "\($0) \(argument)" } : nil
            var caption = (args.named["caption"] ?? args.named["description"]).map(liquidValue)
            var title = args.named["title"].map(liquidValue)
            // With the site's template, the caption is what its `<figcaption>` shows (al-folio's
            // `title` is a tooltip); a template in a theme gem is not here to ask.
            if let text = args.positional.first.flatMap({ includeTemplate?($0) }) {
                let shown = Self.captionArguments(ofInclude: text)
                caption = shown.lazy.compactMap { args.named[$0] }.first.map(liquidValue)
                if !shown.contains("title") { title = nil }
            }
            emit(Self.figure(src: src, alt: args.named["alt"].map(liquidValue), title: title, caption: caption, include: include),
                 replacing: end, block: true)
        default:
            // A theme's own image tag (Butterfly `{% inlineImg URL 150px %}`, `{% galleryGroup … URL %}`):
            // an argument naming an image file is shown as one. Links and Liquid's own tags name none.
            guard !Self.flowTags.contains(name),
                  let src = (args.positional + args.named.keys.sorted().filter { !Self.linkKeys.contains($0) }.compactMap { args.named[$0] })
                      .map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) })
                      .first(where: { SitePaths.namesImage($0) && !$0.hasPrefix("{") }) else { return copy(to: end) }
            emit(Self.img(src: src, alt: args.named["alt"], title: args.named["title"]), replacing: end)
        }
    }

    /// Liquid and Hexo tags that never show an image of their own: control flow, variables, and
    /// those that write a URL or a link as text.
    static let flowTags: Set<String> = ["if", "elsif", "else", "endif", "unless", "endunless", "for", "endfor", "case", "when",
                                        "endcase", "assign", "increment", "decrement", "cycle", "break", "continue", "tablerow",
                                        "endtablerow", "link", "post_url", "post_link", "static_file", "url_for", "full_url_for",
                                        "endgallery", "render"]

    /// Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`).
    mutating func shortcode() {
        let percent = starts("{{%")
        let (open, close) = percent ? ("{{%", "%}}") : ("{{<", ">}}")
        guard let (inner, end) = enclosed(open: open, close: close) else { return copyByte() }
        var body = inner.trimmedWhitespace()
        if body.hasPrefix("/*") { return copy(to: end) }  // escaped for display
        let selfClosing = body.hasSuffix("/")
        if selfClosing { body = body.dropLast().trimmedWhitespace() }
        let name = body.prefix { !$0.isWhitespace }.lowercased()
        let args = Self.arguments(String(body.dropFirst(name.count)))
        if name == "highlight" || name == "code" {
            if !dropBlock(endTag: "/" + name, open: open, close: close) { copy(to: end) }
            return
        }
        if Self.isGalleryShortcode(name), let query = SiteGallery.query(args.named), let galleryFiles {
            return emit(folderGallery(galleryFiles(query)), replacing: end, block: true)
        }
        let template = shortcodeTemplate?(name)
        var picked = Self.shortcodeImage(name: name, args: args)
        var resource: (path: String, title: String?)? = nil
        switch pageResource(name: name, template: template, args: args) {
        case .notLooked: break
        case .found(let argument, let path, let title): picked = (argument, path); resource = (path, title)
        case .nothing: return emit("", replacing: end, block: true)
        }
        guard let (argument, written) = picked else { return copy(to: end) }
        // A template that puts the name after an image host of the site's settings shows that web address.
        let src = resource == nil ? shortcodeWebAddress?(name, argument, written) ?? written : written
        // A `link` to an image file is the full-size picture behind a thumbnail: fetched instead of
        // `src`, unless it is on the web and `src` a file of the site (the reader sees the local
        // file, archived; the web copy is kept as the picture's linked full size).
        let link = argument == "link" ? nil : args.named["link"].flatMap { SitePaths.namesImage($0) ? $0 : nil }
        let remoteLink = link.map { $0.contains("://") && !src.contains("://") } ?? false
        // A bare name means whatever path the site's own template for the shortcode makes of it;
        // so does `/x.png` given to a template that hands it to `resources.Get` (Hugo drops the `/`).
        let isBare = resource == nil && !src.contains("://") && !src.contains("{")
            && (!src.hasPrefix("/") || template?.getsGlobalResource(argument: argument) == true)
        // Hugo's figure shows its `attr` (the credit) in the caption, after the caption text.
        var caption = [args.named["caption"], args.named["attr"]].compactMap { $0 }.joined(separator: " ")
        // A resource's front-matter `title` is what Geekdoc's `img` shows under it.
        if caption.isEmpty, let title = resource?.title { caption = title }
        // Positional arguments mean what the site's template makes of them (`{{ .Get 1 }}` in
        // its `<figcaption>` or `alt`); without one, words after the picture are its alt.
        func value(of other: String?) -> String? {
            guard let other, other != argument else { return nil }
            guard let index = Int(other) else { return args.named[other] }
            return index < args.positional.count ? args.positional[index] : nil
        }
        if caption.isEmpty, let shown = value(of: template?.captionArgument()) { caption = shown }
        let alt = args.named["alt"] ?? value(of: template?.altArgument())
            ?? (template == nil && Int(argument) != nil ? args.positional.first { $0 != src && Self.isDescription($0) } : nil)
        // A paired shortcode's inner content (Docsy's `{{< imgproc sunset Fill "600x300" >}}Caption{{< /imgproc >}}`)
        // is what its template shows under the picture.
        var replaced = end
        if !selfClosing, let block = blockBody(endTag: "/" + name, open: open, close: close, from: end) {
            let inner = TextNormalizer.visibleText(HTMLDocument(html: MarkdownBody.html(from: block.body[...])).root)
            if caption.isEmpty, !inner.isEmpty { caption = inner }
            replaced = block.end
        }
        emit(Self.figure(src: src, alt: alt, title: args.named["title"], caption: caption.isEmpty ? nil : caption,
                         full: remoteLink ? nil : link, linked: remoteLink ? link : nil, include: isBare ? "\(name) \(argument)" : nil),
             replacing: replaced, block: true)
    }

    /// Liquid output (`{{ site.baseurl }}`, `{{ "/a.png" | relative_url }}`, `{{ page.image }}`);
    /// anything else is left as written.
    mutating func liquidOutput() {
        guard let (inner, end) = enclosed(open: "{{", close: "}}") else { return copyByte() }
        let expression = inner.trimmingCharacters(in: CharacterSet(charactersIn: "- \t"))
        if let call = Self.shortcodeCall(expression) {
            if !emitCall(call, body: nil, replacing: end) { copy(to: end) }
            return
        }
        let parts = expression.split(separator: "|").map { $0.trimmedWhitespace() }
        // A name `{% assign %}` gave a path: that path, its filters applied (`| relative_url`).
        if let value = assignedValue(expression) { return emit(value, replacing: end, keepIndent: true) }
        if let head = parts.first, let captured = captures[head] {
            var inner = SiteMarkup(page: page, markdown: true, frontMatter: frontMatter)
            let expanded = inner.expand(captured[...])
            let markdownify = parts.dropFirst().contains { $0.hasPrefix("markdownify") }
            return emit(markdownify ? MarkdownBody.html(from: expanded[...]) : expanded, replacing: end, keepIndent: true)
        }
        // In an HTML attribute the value must replace the tag (its quotes would end the attribute);
        // elsewhere it stays as written and is evaluated when the URL is resolved (`liquidPath`).
        guard atAttributeStart || atReferenceDefinitionStart, let value = Self.liquidValue(expression, page: page) else { return copy(to: end) }
        emit(value, replacing: end, keepIndent: true)
    }

    /// A Liquid include argument: a quoted string, or a variable read from front matter.
    private func liquidValue(_ value: String) -> String {
        if value.hasPrefix("page.") { return page[String(value.dropFirst(5)).lowercased()] ?? "" }
        // An argument naming a `{% capture %}` is its text, as the reader sees it rendered.
        if let captured = captures[value] {
            return TextNormalizer.visibleText(HTMLDocument(html: MarkdownBody.html(from: captured[...])).root)
        }
        return value
    }

    /// `![alt](a b.png)`: CommonMark refuses a space in an unbracketed destination, but the
    /// author meant the file, so the destination gets the `<…>` brackets that allow it.
    mutating func markdownImage() {
        let start = position
        if starts("![[") { return wikiEmbed() }
        let lineEnd = lineEnd(start)
        guard let close = find("](", from: start + 2, before: lineEnd), let end = closingParenthesis(from: close + 2, before: lineEnd) else {
            return copyByte()
        }
        // Tested on the bytes: String.contains(String) with Foundation imported goes through
        // CFStringFind, a tenth of a re-run's CPU (perf, 10,000 posts of 10 titled images).
        let bytes = bytes(close + 2, end)
        guard bytes.contains(0x20) else { return copy(to: close + 2) }
        let destination = text(close + 2, end)
        if let bare = Self.withoutDisplaySettings(destination) {
            copy(to: close + 2)
            return emit("<" + bare + ">)", replacing: end + 1, keepIndent: true)
        }
        let hasTitle = Self.endsWithTitle(destination)
        // Liquid stays as written (it is evaluated when the URL is resolved); its spaces need the brackets too.
        let trimmed = destination.trimmedWhitespace()
        let liquid = (Self.hasPair(bytes, "{", "{") && trimmed.hasSuffix("}}")) || (Self.hasPair(bytes, "{", "%") && trimmed.hasSuffix("%}"))
        guard !destination.hasPrefix("<"), !hasTitle || liquid else {
            return copy(to: close + 2)
        }
        copy(to: close + 2)
        emit("<" + resolvingAssigns(destination.trimmedWhitespace()) + ">)", replacing: end + 1, keepIndent: true)
    }

    /// A kramdown attribute list (`{: width="700" .shadow }`, Chirpy's image syntax) renders
    /// nothing: dropped, so the caption line under an image is not taken for text beside it. A
    /// caption class it gives the paragraph it ends (Hydejack's `{:.figcaption}` under the text
    /// that captions the picture above) is kept as an empty marker the caption rules read
    /// (`SiteMarkup.captionClassMarker`).
    mutating func kramdownAttributes() {
        let start = position
        guard let close = find("}", from: start + 2, before: lineEnd(start)),
              case let list = text(start, close + 1), list.wholeMatch(of: Self.kramdownAttributeList) != nil else { return copyByte() }
        let captionClass = list.dropFirst(2).dropLast().split(separator: " ").contains { word in
            word.hasPrefix(".") && word.lowercased().contains("caption")
        }
        emit(captionClass ? "<span \(Self.captionClassMarker)=\"1\"></span>" : "", replacing: close + 1, keepIndent: true)
    }

    /// The attribute of the empty `<span>` left where a kramdown attribute list gave its
    /// paragraph a caption class.
    static let captionClassMarker = "data-mediavault-caption-class"

    /// `{:` then classes, ids and `key="value"` pairs, then `}`.
    nonisolated(unsafe) static let kramdownAttributeList = /\{:\s*(?:[.#]?[A-Za-z][\w-]*(?:=(?:"[^"]*"|'[^']*'|[^\s}]+))?\s*)*\}/

    /// Obsidian's (and Quartz's, Foam's) `![[name.png]]`, `![[name.png|alt]]`, `![[name.png|400]]`:
    /// an embedded file found by its name (`SiteReference.Kind.wikiEmbed`). Embedded notes and
    /// anything unclosed on its line are left as written.
    mutating func wikiEmbed() {
        let start = position
        let lineEnd = lineEnd(start)
        guard let close = find("]]", from: start + 3, before: lineEnd) else { return copyByte() }
        let inner = text(start + 3, close)
        let parts = inner.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        // `name.png#^block` and `name.png#heading` point inside a file: the file is the image.
        let target = String(parts.first?.prefix { $0 != "#" } ?? "")
        guard SitePaths.namesImage(target) else { return copy(to: close + 2) }
        // `|400` and `|400x300` size the image; any other text is its alt.
        let label = parts.count > 1 ? parts[1] : ""
        let isSize = !label.isEmpty && label.allSatisfy { $0.isNumber || $0 == "x" }
        let src = target.addingPercentEncoding(withAllowedCharacters: Self.wikiPathCharacters) ?? target
        // Wrapped in a <span> as `img` does: a line that is only an <img> would start an HTML
        // block and swallow the Markdown of the lines after it.
        emit("<span><img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(isSize ? "" : label))\" \(Self.wikiMarker)=\"1\" \(MarkdownBody.markdownMarker)=\"1\"></span>",
             replacing: close + 2, keepIndent: true)
    }

    /// Characters kept as they are in a wiki embed's path made a URL (spaces and `%` are encoded).
    private static let wikiPathCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "%"))

    /// True when `first` is directly followed by `second` somewhere in the bytes.
    static func hasPair(_ bytes: ArraySlice<UInt8>, _ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        let a = UInt8(ascii: first), b = UInt8(ascii: second)
        var k = bytes.startIndex
        while k + 1 < bytes.endIndex {
            if bytes[k] == a, bytes[k + 1] == b { return true }
            k += 1
        }
        return false
    }

    /// The destination alone when display settings follow it inside the parentheses, as some
    /// editors write them: Hashnode's `align="center"`, markdown-it-imsize's and StackEdit's
    /// `=300x200` (`=300x`, `=x200`). Nil when anything else follows (a file name with spaces).
    static func withoutDisplaySettings(_ destination: String) -> String? {
        let parts = destination.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count > 1, parts.dropFirst().allSatisfy(isDisplaySetting) else { return nil }
        return String(parts[0])
    }

    /// `name="value"` (a letter-and-dash name, a quoted value without spaces) or `=WIDTHxHEIGHT`.
    private static func isDisplaySetting(_ token: Substring) -> Bool {
        if token.first == "=" {
            let size = token.dropFirst()
            return size.count > 1 && size.contains("x") && size.allSatisfy { $0 == "x" || ("0"..."9").contains($0) }
        }
        guard let equals = token.firstIndex(of: "="), equals > token.startIndex else { return false }
        let name = token[..<equals], value = token[token.index(after: equals)...]
        return name.allSatisfy { $0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
            && value.count >= 2 && value.first == "\"" && value.last == "\"" && !value.dropFirst().dropLast().contains("\"")
    }

    /// True when a link destination ends with a title (`\s+("…"|'…'|(…))\s*$`). By hand: through
    /// Foundation's regular expressions this one test was a fifth of a re-run's time (a pattern
    /// compiled per image, 10,000 posts of 10 titled images: 1.3 s of 6.6 s CPU under perf).
    static func endsWithTitle(_ destination: String) -> Bool {
        // Walked backwards over Unicode scalars, as the pattern's engine (ICU) matches code points.
        let scalars = destination.unicodeScalars
        var k = scalars.endIndex
        while k > scalars.startIndex, scalars[scalars.index(before: k)].properties.isWhitespace { k = scalars.index(before: k) }
        guard k > scalars.startIndex else { return false }
        k = scalars.index(before: k)
        let close = scalars[k]
        let open: Unicode.Scalar
        switch close {
        case "\"": open = "\""
        case "'": open = "'"
        case ")": open = "("
        default: return false
        }
        while k > scalars.startIndex {
            k = scalars.index(before: k)
            let scalar = scalars[k]
            if scalar == open, k > scalars.startIndex, scalars[scalars.index(before: k)].properties.isWhitespace { return true }
            // A quoted title cannot hold its quote; a parenthesised one cannot hold `)`.
            if scalar == close || (close != ")" && scalar == open) { return false }
        }
        return false
    }

    /// The argument of a shortcode that names its image, and its value: `src=`, the first
    /// positional argument of an image shortcode, else any argument whose value is an image file
    /// name (`{{< pic name="x.png" >}}`), named or (by its index) positional. Links are not images.
    static func shortcodeImage(name: String, args: (named: [String: String], positional: [String])) -> (argument: String, value: String)? {
        if let src = args.named["src"], imageShortcodes.contains(name) || SitePaths.namesImage(src) { return ("src", src) }
        // The picture is the argument that names an image file (some themes take the alt first).
        if ["img", "image", "imgproc", "figure"].contains(name), !args.positional.isEmpty {
            let index = args.positional.firstIndex(where: SitePaths.namesImage) ?? 0
            return (String(index), args.positional[index])
        }
        if let key = args.named.keys.sorted().first(where: { !linkKeys.contains($0) && SitePaths.namesImage(args.named[$0] ?? "") }) {
            return (key, args.named[key] ?? "")
        }
        if let index = args.positional.firstIndex(where: SitePaths.namesImage) { return (String(index), args.positional[index]) }
        // Beautiful Hugo's `{{< figure thumb="-thumb" link="/img/a.jpg" >}}` shows the link's
        // thumbnail (`/img/a-thumb.jpg`) and links the full size, which is the picture fetched.
        if imageShortcodes.contains(name), let link = args.named["link"], SitePaths.namesImage(link) { return ("link", link) }
        return nil
    }

    /// True for a positional argument that reads as words about the picture, not an option: not a
    /// size (`600`, `50%`, `300px`) nor a lower-case class or position word (`left`, `border`).
    static func isDescription(_ argument: String) -> Bool {
        if argument.isEmpty || SitePaths.namesImage(argument) { return false }
        // Hugo's image processing commands (`Fill`, `"resize 300x"`: Docsy's `imgproc`) are no description.
        if let first = argument.lowercased().split(separator: " ").first, ["fit", "fill", "resize", "crop", "process"].contains(first) { return false }
        return !argument.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-_%.".contains($0)) }
    }

    /// Arguments that name what a link points to, not a picture shown.
    static let linkKeys: Set<String> = ["link", "href", "target", "download"]

    /// Shortcodes that show an image whatever its file name (Hugo's `figure`, common theme ones).
    static let imageShortcodes: Set<String> = ["figure", "img", "image", "imgproc", "screenshot", "photo", "picture", "gallery-image", "lightbox"]

    // MARK: building HTML

    /// An `<img>` marked as author-written (its title, else a meaningful alt, is the caption).
    static func img(src: String, alt: String?, title: String?, asset: Bool = false) -> String {
        var html = "<span><img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(alt ?? ""))\""
        if let title, !title.isEmpty { html += " title=\"\(HTMLEscaping.escape(title))\"" }
        if asset { html += " \(assetMarker)=\"1\"" }
        return html + " \(MarkdownBody.markdownMarker)=\"1\"></span>"
    }

    /// A `<figure>` as Hugo's figure shortcode renders it: the title and caption are the `<figcaption>`.
    /// `include` (`TEMPLATE ARGUMENT`) marks a bare name passed to an include (`includeMarker`).
    /// `linked` is a full size on the web the picture links to (`<a href>` around it), not fetched instead.
    static func figure(src: String, alt: String?, title: String?, caption: String?, full: String? = nil, linked: String? = nil, include: String? = nil) -> String {
        let text = [title, caption].compactMap { $0.map(plainText) }.filter { !$0.isEmpty }.joined(separator: " ")
        var html = "<figure \(explicitCaptionMarker)=\"1\">"
        if let linked { html += "<a href=\"\(HTMLEscaping.escape(linked))\">" }
        html += "<img src=\"\(HTMLEscaping.escape(src))\" alt=\"\(HTMLEscaping.escape(alt ?? ""))\" \(MarkdownBody.markdownMarker)=\"1\""
        if let full { html += " data-original=\"\(HTMLEscaping.escape(full))\"" }
        if let include { html += " \(includeMarker)=\"\(HTMLEscaping.escape(include))\"" }
        html += ">"
        if linked != nil { html += "</a>" }
        if !text.isEmpty { html += "<figcaption>\(HTMLEscaping.escape(text))</figcaption>" }
        return html + "</figure>"
    }

    /// Markdown or HTML inside a caption reduced to its text: `[text](url)` and `<a href="url">text</a>`
    /// → `text`, emphasis marks dropped (templates print an include's caption as HTML).
    static func plainText(_ markdown: String) -> String {
        var text = markdown.replacingOccurrences(of: #"!?\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        if text.contains("<") { text = text.replacingOccurrences(of: #"</?[A-Za-z][^<>]*>"#, with: "", options: .regularExpression) }
        text = text.replacingOccurrences(of: #"(\*\*|__|\*|`)"#, with: "", options: .regularExpression)
        return text.trimmedWhitespace()
    }
}
