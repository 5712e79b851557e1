/// Where a post's document came from, decided once when it is read: it decides which image
/// URLs may be fetched for it.
public enum DocumentOrigin: Sendable, Equatable {
    /// A file on this machine, named by the user: its images may be local files too.
    case localFile
    /// A document fetched over the network (a feed URL): only http(s) images are fetched for
    /// it, so a remote document can never make mediavault read (and archive, and publish in a
    /// gallery) a file of this machine.
    case network

    /// The refusal reason in `failed` lines.
    public static let refusalReason = "local-file-from-remote"

    /// True when an image at `url` (resolved) may be fetched for a post of this origin.
    public func allows(_ url: String) -> Bool {
        switch self {
        case .localFile: return true
        case .network:
            let scheme = url.prefix { $0 != ":" }.lowercased()
            return scheme == "http" || scheme == "https"
        }
    }
}
