import Foundation

/// Image tags of themes and plugins that are not Liquid's or Hexo's own: jekyll-assets,
/// jekyll_picture_tag, sites' own `{% figure %}` and `{% gallery %}` blocks, landscape's
/// `{% fancybox %}`, Butterfly's `{% galleryGroup %}`.
extension SiteMarkup {
    /// Expands the tag `name` when it is one of these in a form it reads (true), else leaves it
    /// to `liquidTag` (false: a `{% gallery %}` of Markdown images, a `{% picture %}` naming no file).
    mutating func pluginTag(_ name: String, _ args: (named: [String: String], positional: [String]), end: Int) -> Bool {
        switch name {
        case "asset" where !args.positional.isEmpty:
            // jekyll-assets: `{% asset NAME [@path] [alt=…] %}` is an `<img>` of NAME served under the
            // plugin's prefix (Jekyll's site finds `/assets/NAME` in its `assets.sources`), or only
            // that path with `@path`, in an attribute or in a Markdown destination.
            let path = Self.assetPath(args.positional[0])
            if args.positional.contains("@path") || atAttributeStart || atDestinationStart {
                emit(HTMLEscaping.escape(path), replacing: end, keepIndent: true)
                return true
            }
            emit(Self.img(src: path, alt: args.named["alt"], title: args.named["title"]), replacing: end)
            return true
        case "picture":
            // jekyll_picture_tag: `{% picture [preset] PATH [--alt Words] %}` (2.x; `alt="…"` in
            // 1.x), PATH under the plugin's `picture.source` folder of the site.
            guard let picture = Self.pictureTag(args) else { return false }
            let src = pictureSource.map { ($0.isEmpty ? "/" : "/" + $0 + "/") + picture.path.drop { $0 == "/" } } ?? picture.path
            emit(Self.img(src: src, alt: picture.alt, title: nil), replacing: end)
            return true
        case "figure":
            // A site's own `{% figure PATH [class] %}caption{% endfigure %}` block (its plugin puts
            // the body in the `<figcaption>` under the picture).
            guard let (path, caption, blockEnd) = figureBlock(args, from: end) else { return false }
            emit(Self.figure(src: path, alt: nil, title: nil, caption: caption), replacing: blockEnd, block: true)
            return true
        case "gallery":
            // A site's own gallery block reading `src="…" alt="…"` lines (lynkos' `_plugins/gallery.rb`):
            // one picture per line. Butterfly's Markdown image lines inside are read as they are.
            guard let (pictures, blockEnd) = attributeLineGallery(from: end) else { return false }
            emit(pictures.map { Self.img(src: $0.src, alt: $0.alt, title: nil) }.joined(separator: "\n"), replacing: blockEnd, block: true)
            return true
        case "fancybox":
            guard let box = Self.fancybox(args.positional) else { return false }
            emit(Self.figure(src: box.thumbnail ?? box.original, alt: box.title, title: nil, caption: box.title,
                             linked: box.thumbnail == nil ? nil : box.original), replacing: end, block: true)
            return true
        case "gallerygroup" where args.positional.count >= 4:
            // Butterfly's `{% galleryGroup name description link cover %}`: the cover under a
            // `<figcaption>` of the group's name and description.
            let cover = args.positional[3]
            emit(Self.figure(src: cover, alt: nil, title: args.positional[0], caption: args.positional[1]), replacing: end, block: true)
            return true
        default:
            return false
        }
    }
}
