import ChildProcess
import Foundation
import Testing
import TestSupport

/// Runs a site's real generator (Debian `hugo`, `jekyll`, `pelican`, `mkdocs`), serves the built site on
/// loopback (`python3 -m http.server`) and loads every built page in headless Chromium with
/// every other host unresolvable, reporting each image and `srcset` candidate the browser
/// could not decode.
struct LocalizeBuild {
    /// A failure of a tool the tests run, with its output.
    struct ToolError: Error, CustomStringConvertible {
        /// What failed and what it printed.
        let description: String
    }

    /// The generator's binary for `kind`, or nil when not installed (Hexo, Astro, Gatsby and
    /// Docusaurus, Next.js, Nuxt, VitePress and VuePress need npm, Zola and Quarto are not packaged: never here).
    static func binary(_ kind: LocalizeSites.Kind) -> String? {
        let name: String
        switch kind {
        case .hexo, .zola, .quarto, .astro, .gatsby, .docusaurus, .nextjs, .nuxt, .vitepress, .vuepress: return nil
        case .hugo: name = "hugo"
        case .jekyll: name = "jekyll"
        case .pelican: name = "pelican"
        case .mkdocs: name = "mkdocs"
        }
        return ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Why the build of `kind` cannot be checked here, or nil.
    static func skipReason(_ kind: LocalizeSites.Kind) -> String? {
        if binary(kind) == nil { return "\(kind.rawValue) is not installed (Scripts/setup installs the Debian package); the real-generator check is skipped" }
        return Chromium.skipReason
    }

    /// Runs the test where the generator and Chromium are installed (always with `CI=true`, where
    /// a missing tool then fails it); otherwise reports it skipped with the reason.
    static func available(_ kind: LocalizeSites.Kind) -> ConditionTrait {
        .enabled(if: TestRequirement.isStrict || skipReason(kind) == nil, Comment(rawValue: skipReason(kind) ?? "\(kind.rawValue) and chromium present"))
    }

    /// Builds the site at `root`; returns the folder to serve, the URL path the site lives at
    /// and the generator's output folder.
    static func build(_ kind: LocalizeSites.Kind, root: URL) throws -> (serve: URL, path: String, output: URL) {
        guard let binary = binary(kind) else { throw ToolError(description: skipReason(kind) ?? "no generator") }
        let output: URL
        var arguments: [String]
        switch kind {
        case .hexo, .zola, .quarto, .astro, .gatsby, .docusaurus, .nextjs, .nuxt, .vitepress, .vuepress: throw ToolError(description: "\(kind.rawValue) is not run (it needs npm, or is not packaged for Debian)")
        case .hugo:
            output = root.appendingPathComponent("public")
            arguments = ["--source", root.path, "--destination", output.path, "--quiet"]
        case .jekyll:
            output = root.appendingPathComponent("_site")
            arguments = ["build", "--source", root.path, "--destination", output.path, "--quiet"]
        case .pelican:
            output = root.appendingPathComponent("output")
            arguments = [root.appendingPathComponent("content").path, "-o", output.path, "-s", root.appendingPathComponent("pelicanconf.py").path, "-q"]
        case .mkdocs:
            output = root.appendingPathComponent("site")
            arguments = ["build", "--config-file", root.appendingPathComponent("mkdocs.yml").path, "--site-dir", output.path, "--quiet"]
        }
        try run(binary, arguments, in: root)
        // Jekyll's `baseurl: /blog` and MkDocs' `site_url` path `/trip/`: the built site is served under it.
        let base: String
        switch kind {
        case .jekyll: base = "blog"
        case .mkdocs: base = "trip"
        default: return (output, "/", output)
        }
        let serve = root.deletingLastPathComponent().appendingPathComponent("serve-\(kind.rawValue)")
        try FileManager.default.createDirectory(at: serve, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: serve.appendingPathComponent(base), withDestinationURL: output)
        return (serve, "/\(base)/", output)
    }

    /// Runs a tool, throwing with its output when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in folder: URL) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["JEKYLL_ENV"] = "production"
        environment["LANG"] = "C.UTF-8"
        let output = try ChildProcess.run(tool, arguments: arguments, environment: environment, directory: folder.path,
                                          stderr: .standardOutput)
        let text = output.stdoutText
        guard output.termination == .exit(0) else {
            throw ToolError(description: "\(tool) \(arguments.joined(separator: " ")) ended with \(output.termination): \(text)")
        }
        return text
    }

    /// A loopback HTTP server for a folder (root-relative references need a web root).
    final class Server {
        /// The server process.
        let process: ChildProcess
        /// Its port.
        let port: Int

        /// Starts `python3 -m http.server` on 127.0.0.1 and a free port, serving `folder`.
        init(folder: URL) throws {
            // Its first line names the port; read from a file (a pipe left open would outlive the read).
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-http-\(UUID().uuidString.prefix(8)).log")
            defer { try? FileManager.default.removeItem(at: log) }
            process = try ChildProcess("/usr/bin/python3", arguments: [
                "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path,
            ], stdout: .file(log.path), stderr: .null)
            var text = ""
            for _ in 0..<100 where !text.contains("\n") {
                Thread.sleep(forTimeInterval: 0.1)
                text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            }
            // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
            guard let range = text.range(of: #"port [0-9]+"#, options: .regularExpression), let port = Int(text[range].dropFirst(5)) else {
                process.signal(SIGKILL)
                throw ToolError(description: "python3 -m http.server did not say its port within 10 s: \(text)")
            }
            self.port = port
        }

        /// Stops the server (SIGKILL: it has nothing to save).
        func stop() {
            process.signal(SIGKILL)
            process.wait()
        }
    }

    /// One image the browser checked: the page, the URL and its decoded width (0: broken).
    struct Probe: Decodable, Sendable {
        /// The page path.
        var page: String
        /// `element` (the `<img>` as shown), `src` or `srcset` (each candidate loaded alone).
        var kind: String
        /// The URL, resolved against the page.
        var url: String
        /// `naturalWidth` after loading.
        var width: Int
    }

    /// Loads every page in `pages` (URL paths) from the server in headless Chromium, with every
    /// host but 127.0.0.1 unresolvable, and returns a probe per `<img>` and per candidate URL.
    static func probe(pages: [String], server: Server, serve: URL) throws -> [Probe] {
        let script = """
            <!doctype html><html><body><pre id="result">pending</pre><script>
            const pages = \(String(decoding: try JSONSerialization.data(withJSONObject: pages), as: UTF8.self));
            function load(url) { return new Promise(done => { const i = new Image(); i.onload = () => done(i.naturalWidth); i.onerror = () => done(0); i.src = url; }); }
            function frame(page) { return new Promise(done => { const f = document.createElement('iframe'); f.onload = () => done(f); f.src = page; document.body.appendChild(f); }); }
            (async () => {
              const out = [];
              for (const page of pages) {
                const f = await frame(page);
                const d = f.contentDocument;
                for (const img of d.images) {
                  if (!img.complete) await new Promise(r => { img.onload = r; img.onerror = r; });
                  out.push({page, kind: 'element', url: img.currentSrc || img.src, width: img.naturalWidth});
                  const src = img.getAttribute('src');
                  if (src) { const u = new URL(src, d.baseURI).href; out.push({page, kind: 'src', url: u, width: await load(u)}); }
                  for (const part of (img.getAttribute('srcset') || '').split(',')) {
                    const c = part.trim().split(/\\s+/)[0];
                    if (c) { const u = new URL(c, d.baseURI).href; out.push({page, kind: 'srcset', url: u, width: await load(u)}); }
                  }
                }
                for (const a of d.querySelectorAll('a[href]')) {
                  if (!a.querySelector('img')) continue;  // a picture's link: where a click on it goes
                  const u = new URL(a.getAttribute('href'), d.baseURI).href;
                  out.push({page, kind: 'link', url: u, width: await load(u)});
                }
              }
              out.push({page: 'control', kind: 'src', url: 'https://open.test/1.png', width: await load('https://open.test/1.png')});
              document.getElementById('result').textContent = JSON.stringify(out);
            })();
            </script></body></html>
            """
        try Data(script.utf8).write(to: serve.appendingPathComponent("mediavault-probe.html"))
        let dom = try chromium(["--dump-dom"], url: "http://127.0.0.1:\(server.port)/mediavault-probe.html")
        guard let start = dom.range(of: "<pre id=\"result\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw ToolError(description: "no probe result in Chromium's DOM: \(dom.prefix(2000))")
        }
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        guard json != "pending" else { throw ToolError(description: "the probe did not finish within Chromium's time budget") }
        return try JSONDecoder().decode([Probe].self, from: Data(json.utf8))
    }

    /// Runs headless Chromium on `url` with only 127.0.0.1 reachable; returns stdout.
    static func chromium(_ arguments: [String], url: String) throws -> String {
        try Chromium.run(url: url, ["--virtual-time-budget=15000", "--window-size=900,1100"] + arguments, loopback: true)
    }

    /// The built HTML pages under `output`, as URL paths under `path`.
    static func pages(in output: URL, path: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: output.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".html") && !$0.hasPrefix("mediavault-probe") && !$0.hasPrefix("theme/") }.sorted().map { path + $0 }
    }
}
