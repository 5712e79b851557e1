import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Gallery shortcodes that name a folder instead of images: Hugo's `{{< gallery match="images/*" >}}`
/// (the page bundle's files matching a pattern, captioned by front matter `resources` titles)
/// and `{{< gallery dir="/img/trip/" >}}` (every image of a static folder).
@Suite struct FolderGalleryTests {
    static func site() throws -> SiteTree {
        let post = """
        ---
        title: Trip
        resources:
          - src: "images/pier*.jpg"
            title: "Pier :counter"
          - src: "images/lunch.png"
            title: "Lunch"
        ---
        {{< gallery match="IMAGES/*" >}}

        {{< gallery dir="/img/trip/" >}}

        {{< gallery >}}
        """
        let template = """
        {{ with .Get "match" }}{{ range $.Page.Resources.Match . }}{{ if eq .ResourceType "image" }}<figure><img src="{{ .RelPermalink }}"><figcaption>{{ .Title }}</figcaption></figure>{{ end }}{{ end }}{{ end }}\
        {{ with .Get "dir" }}{{ $dir := . }}{{ range readDir (print "static" $dir) }}{{ if in (slice ".jpg" ".png") (path.Ext .Name) }}<img src="{{ $dir }}{{ .Name }}">{{ end }}{{ end }}{{ end }}
        """
        return try SiteTree("hugo-folder-gallery", [
            "hugo.toml": "baseURL = \"https://example.org/\"\ntitle = \"x\"\n",
            "layouts/shortcodes/gallery.html": template,
            "layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
            "layouts/_default/list.html": "{{ range .Pages }}{{ .Title }}{{ end }}",
            "content/posts/trip/index.md": post,
            "content/posts/trip/images/pier1.jpg": "pier 1", "content/posts/trip/images/pier2.jpg": "pier 2",
            "content/posts/trip/images/lunch.png": "lunch", "content/posts/trip/images/notes.txt": "not an image",
            "content/posts/trip/images/more/deep.png": "below the pattern's folder",
            "content/posts/single.md": "---\ntitle: Single\n---\n{{< gallery match=\"*\" >}}\n",
            "content/posts/pier.jpg": "beside a single page",
            "static/img/trip/b.png": "static b", "static/img/trip/a.jpg": "static a", "static/img/trip/readme.txt": "not an image",
        ])
    }

    @Test func aGalleryShowsTheBundleFilesMatchingItsPatternAndTheFolderItNames() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        let scanned = try tree.scan("content/posts/trip/index.md")
        let bundle = tree.path + "/content/posts/trip/images/"
        #expect(scanned.images.map { SiteTree.file($0) } == [
            bundle + "lunch.png", bundle + "pier1.jpg", bundle + "pier2.jpg", tree.path + "/static/img/trip/a.jpg", tree.path + "/static/img/trip/b.png",
        ])
        #expect(scanned.images.map(\.caption) == ["Lunch", "Pier 1", "Pier 2", nil, nil])
        #expect(scanned.listsFolders)
        // A single page has no resources: its gallery shows nothing, whatever lies beside it.
        let single = try tree.scan("content/posts/single.md")
        #expect(single.images.isEmpty)
    }

    @Test(BuiltPage.available("hugo"))
    func hugoItselfShowsTheSameFiles() throws {
        let tree = try Self.site()
        defer { tree.remove() }
        try BuiltPage.build("hugo", tree, output: "public")
        try BuiltPage.expectShowsTheChosenFiles(page: "posts/trip/index.html", of: tree, output: "public", prefix: "",
                                                images: try tree.scan("content/posts/trip/index.md").images)
        let html = try String(contentsOfFile: tree.path + "/public/posts/trip/index.html", encoding: .utf8)
        #expect(html.contains("<figcaption>Pier 2</figcaption>") && html.contains("<figcaption>Lunch</figcaption>"), "\(html)")
    }
}
