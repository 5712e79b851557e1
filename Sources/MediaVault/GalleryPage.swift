import ArchiveStore
import Foundation
import PostScanner

/// One HTML page of the gallery. Everything it needs is inline (style, filter script), so it
/// opens from `file://` with no server; every text is HTML-escaped.
struct GalleryPage {
    /// One card: an archived picture with its links.
    struct Card {
        /// The catalog facts.
        var entry: GalleryEntry
        /// Relative path of the full image.
        var full: String
        /// Relative path of the thumbnail (or of the image itself), nil when the browser cannot show it.
        var thumbnail: String?
        /// The post's URL or relative path.
        var post: String?
    }

    /// Page number, from 1.
    var number: Int
    /// How many pages there are.
    var count: Int
    /// How many pictures in all.
    var total: Int
    /// This page's cards.
    var cards: [Card]

    /// `index.html` for page 1, `page-N.html` after it.
    static func fileName(_ page: Int) -> String { page == 1 ? "index.html" : "page-\(page).html" }

    /// The page as HTML.
    func html() -> String {
        var out = """
            <!doctype html>
            <html lang="und">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="mediavault">
            <title>mediavault gallery · page \(number) of \(count)</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>mediavault gallery</h1>
            <p>\(total) image\(total == 1 ? "" : "s") · page \(number) of \(count)</p>
            <input type="search" id="filter" placeholder="Filter this page by caption, alt text or post title" autocomplete="off">
            \(navigation())
            </header>
            <main id="grid">

            """
        out.reserveCapacity(cards.count * 700)
        for card in cards { out += cardHTML(card) }
        out += """
            </main>
            <footer>\(navigation())</footer>
            <script>\(Self.filterScript)</script>
            </body>
            </html>

            """
        return out
    }

    private func navigation() -> String {
        guard count > 1 else { return "<nav></nav>" }
        var links: [String] = []
        if number > 1 { links.append("<a rel=\"prev\" href=\"\(Self.fileName(number - 1))\">← previous</a>") }
        links.append("<span>page \(number) of \(count)</span>")
        if number < count { links.append("<a rel=\"next\" href=\"\(Self.fileName(number + 1))\">next →</a>") }
        return "<nav>" + links.joined(separator: " ") + "</nav>"
    }

    private func cardHTML(_ card: Card) -> String {
        let entry = card.entry
        // Only a caption the scanner found is shown as one: an alt is often a file name or "image".
        let caption = entry.caption
        let title = entry.title ?? entry.postPath
        let searchable = [entry.caption, entry.alt, entry.title, entry.postPath].compactMap { $0 }.joined(separator: " ").lowercased()
        let full = HTMLEscaping.escape(Self.encodePath(card.full))
        var html = "<figure class=\"card\" data-text=\"\(HTMLEscaping.escape(searchable))\">\n<a class=\"image\" href=\"\(full)\">"
        if let thumbnail = card.thumbnail {
            html += "<img src=\"\(HTMLEscaping.escape(Self.encodePath(thumbnail)))\" loading=\"lazy\" decoding=\"async\" alt=\"\(HTMLEscaping.escape(caption ?? entry.alt ?? ""))\">"
        } else {
            html += "<span class=\"nothumb\">\(HTMLEscaping.escape(entry.ext.uppercased()))</span>"
        }
        html += "</a>\n<figcaption>"
        if let caption { html += "<span class=\"caption\">\(HTMLEscaping.escape(caption))</span>" }
        if let title {
            if let post = card.post {
                let href = post.hasPrefix("http://") || post.hasPrefix("https://") ? post : Self.encodePath(post)
                html += "<a class=\"post\" href=\"\(HTMLEscaping.escape(href))\">\(HTMLEscaping.escape(title))</a>"
            } else {
                html += "<span class=\"post\">\(HTMLEscaping.escape(title))</span>"
            }
        }
        if let date = entry.date { html += "<time>\(HTMLEscaping.escape(date))</time>" }
        let size = entry.width.flatMap { w in entry.height.map { "\(w)×\($0) " } } ?? ""
        html += "<small>\(size)\(HTMLEscaping.escape(entry.ext)) · \(entry.sha256.prefix(12))</small>"
        return html + "</figcaption>\n</figure>\n"
    }

    /// Percent-encodes a relative path for `href`/`src` (spaces, `#`, `?` in folder names).
    static func encodePath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#;")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }


    /// Hides the cards whose caption/alt/title text does not contain every word typed.
    static let filterScript = """
        (function () {
          var box = document.getElementById('filter');
          var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
          box.addEventListener('input', function () {
            var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
            cards.forEach(function (card) {
              var text = card.getAttribute('data-text');
              card.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
            });
          });
        })();
        """

    /// A responsive grid of square thumbnails.
    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f4f4;color:#222}
        header,footer{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}
        h1{font-size:20px;margin:0 0 4px}
        #filter{width:100%;max-width:480px;padding:6px;font-size:14px;margin:6px 0}
        nav a,nav span{margin-right:12px}
        #grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:14px;padding:16px 20px}
        .card{margin:0;background:#fff;border:1px solid #ddd;border-radius:4px;overflow:hidden}
        .card[hidden]{display:none}
        .card .image{display:block;background:#e8e8e8}
        .card img{display:block;width:100%;height:180px;object-fit:cover}
        .nothumb{display:flex;height:180px;align-items:center;justify-content:center;color:#777}
        figcaption{padding:8px;display:flex;flex-direction:column;gap:2px}
        .caption{font-weight:600}
        figcaption small,figcaption time{color:#777}
        """
}
