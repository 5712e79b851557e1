import ArchiveStore
import Foundation
import S3Storage

/// An archive as the command line names it — where its bytes are and where its catalog is —
/// resolved once from `--archive`, `--catalog`, `$MEDIAVAULT_ARCHIVE`, `$MEDIAVAULT_CATALOG` and
/// `--s3-path-style`, and opened here only: the verbs get `any ObjectStorage` and
/// `any CatalogStore` and never ask which kind they hold.
public struct ArchiveTarget: Sendable {
    /// Where the objects and thumbnails are.
    public var address: ArchiveAddress
    /// Where the catalog is.
    public var catalog: CatalogAddress
    /// Path-style S3 URLs or not, as `--s3-path-style`, `$MEDIAVAULT_S3_PATH_STYLE` or the
    /// configuration file's `s3_path_style` said (the first that did); nil when none did, and
    /// then AWS endpoints are virtual-hosted and every other endpoint path-style.
    public var pathStyleChoice: Bool?
    /// Force path-style S3 URLs (see ``pathStyleChoice``).
    public var s3PathStyle: Bool {
        get { pathStyleChoice ?? false }
        set { pathStyleChoice = newValue }
    }
    /// The variables S3 credentials, region and endpoint are read from.
    public var environment: [String: String]

    /// A local archive folder with its `catalog.sqlite` inside (what the verbs did before remote storage).
    public static func local(_ folder: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> ArchiveTarget {
        ArchiveTarget(address: .local(folder.standardizedFileURL),
                      catalog: .sqlite(ArchiveLocation.catalogFile(in: folder.standardizedFileURL)), environment: environment)
    }

    /// `--archive` (else `$MEDIAVAULT_ARCHIVE`, else `./Archive`), `--s3-path-style` (else
    /// `$MEDIAVAULT_S3_PATH_STYLE`: 1/true/yes or 0/false/no; the configuration file's
    /// `s3_path_style` comes after both, see ``configured(by:)``) and `--catalog` (else
    /// `$MEDIAVAULT_CATALOG`; a local archive defaults to its own `catalog.sqlite`, an S3 archive
    /// has no default and is refused without one).
    public static func resolve(archive: String?, catalog: String?, s3PathStyle: Bool = false,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ArchiveTarget {
        func named(_ option: String?, _ variable: String) -> String? {
            option ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let address = try ArchiveAddress.parse(named(archive, "MEDIAVAULT_ARCHIVE") ?? "Archive")
        let catalogAddress: CatalogAddress
        if let text = named(catalog, "MEDIAVAULT_CATALOG") {
            catalogAddress = CatalogAddress.parse(text)
        } else if case .local(let folder) = address {
            catalogAddress = .sqlite(ArchiveLocation.catalogFile(in: folder))
        } else {
            throw ArchiveAddressError("the archive \(address) is in S3 and needs a catalog outside it: pass --catalog postgresql://USER@HOST/DB (shared by workers) or --catalog FILE.sqlite (one machine), or set $MEDIAVAULT_CATALOG")
        }
        var target = ArchiveTarget(address: address, catalog: catalogAddress, environment: environment)
        let variable = environment["MEDIAVAULT_S3_PATH_STYLE"]?.lowercased() ?? ""
        target.pathStyleChoice = s3PathStyle ? true
            : ["1", "true", "yes"].contains(variable) ? true : ["0", "false", "no"].contains(variable) ? false : nil
        return target
    }

    /// The archive folder of a local archive; nil for a remote one.
    public var localFolder: URL? {
        if case .local(let folder) = address { return folder }
        return nil
    }

    /// The folder of a local archive whose catalog is its own `catalog.sqlite` (what the
    /// folder-walking `Verifier` checks); nil for any other combination.
    public var selfContainedFolder: URL? {
        guard let folder = localFolder, catalog == .sqlite(ArchiveLocation.catalogFile(in: folder)) else { return nil }
        return folder
    }

    /// How a person names the archive in messages.
    public var displayName: String { address.description }

    /// Opens the object storage: a local folder (created when needed) or the S3 bucket, whose
    /// credentials and existence are checked with one LIST of at most one key, so a wrong
    /// secret or a missing bucket stops the command before any download.
    public func openStorage(connections: Int = 8) throws -> any ObjectStorage {
        switch address {
        case .local(let folder):
            return try ObjectStore(root: folder)
        case .s3(let bucket, let prefix):
            let configuration = try s3Configuration(bucket: bucket)
            let storage = try S3ObjectStorage(configuration: configuration, prefix: prefix, connections: connections)
            try storage.checkAccess()
            return storage
        }
    }

    /// A local archive's lock (exclusive for writers, shared for readers); nil for a remote
    /// archive, which several workers write at once (the catalog's transactions and the
    /// content-addressed, write-once keys keep them apart).
    public func lock(exclusive: Bool, timeout: Double?, onWait: () -> Void) throws -> ArchiveLock? {
        guard let folder = localFolder else { return nil }
        if exclusive {  // a writer creates the archive; its lock file needs the folder
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw StoreError.io("cannot create the archive folder \(folder.path): \(SystemError.describe(error))")
            }
        }
        return try ArchiveLock(root: folder, exclusive: exclusive, timeout: timeout, onWait: onWait)
    }

    /// Whether a catalog exists to read; when not, says on stderr what to do.
    public func requireCatalog(output: some OutputSink) -> Bool {
        guard !catalog.exists else { return true }
        if case .local(let folder) = address, catalog == .sqlite(ArchiveLocation.catalogFile(in: folder)) {
            ArchiveLocation.reportMissingCatalog(folder, output: output)
        } else {
            output.diagnose("error: no catalog at \(catalog) for the archive \(displayName); check --catalog or $MEDIAVAULT_CATALOG, or run `mediavault mirror` first")
        }
        return false
    }
}
