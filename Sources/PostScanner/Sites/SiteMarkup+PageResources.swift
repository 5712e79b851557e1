import Foundation

extension SiteMarkup {
    /// What a shortcode's template finds among the page bundle's resources.
    enum ResourceLookup {
        /// The template looks no resource up, or the post is no Hugo page.
        case notLooked
        /// The resource the template finds: the argument read, the file relative to the bundle, its title.
        case found(argument: String, path: String, title: String?)
        /// The template looks one up and finds none: it shows nothing (Geekdoc's `img` with a name no resource has).
        case nothing
    }

    /// The page resource a shortcode's template shows: Geekdoc's `{{< img name="portal" >}}` is
    /// the bundle's image whose name (the file's path, or the name front matter gives it in
    /// `resources`) matches `*portal*`, as the template's `.Resources.GetMatch (printf "*%s*" (.Get "name"))`
    /// finds it, and its front-matter `title` is the caption the template shows.
    /// With no template in the tree (a theme fetched at build time), an image shortcode's `name=`
    /// that names no image file is read as Geekdoc's: `*name*` among the resources.
    func pageResource(name: String, template: HugoShortcodeTemplate?, args: (named: [String: String], positional: [String])) -> ResourceLookup {
        guard let pageResources else { return .notLooked }
        let guessed = template == nil && Self.imageShortcodes.contains(name) && args.named["name"].map { !SitePaths.namesImage($0) } == true
        guard let lookup = template?.resourceLookup() ?? (guessed ? (argument: "name", pattern: "*%s*") : nil) else { return .notLooked }
        let value = Int(lookup.argument).map { $0 < args.positional.count ? args.positional[$0] : nil } ?? args.named[lookup.argument]
        // A value that is a path or an address is no resource name: the usual rules read it.
        guard let value, !value.isEmpty, !value.hasPrefix("/"), !value.contains("://") else { return .notLooked }
        if let found = pageResources().match(lookup.pattern.replacingOccurrences(of: "%s", with: value)) {
            return .found(argument: lookup.argument, path: found.path, title: found.title)
        }
        guard let template else { return .notLooked }
        // A template that also writes the value into its `src`, or looks it up as a global resource,
        // shows something else when no page resource matches.
        let fallsBack = template.path(argument: lookup.argument, value: value, basePath: "") != nil
            || template.getsGlobalResource(argument: lookup.argument)
        return fallsBack ? .notLooked : .nothing
    }
}
