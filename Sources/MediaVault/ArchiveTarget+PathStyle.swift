import Foundation
import S3Storage

extension ArchiveTarget {
    /// The target with the configuration file's `s3_path_style` applied when neither
    /// `--s3-path-style` nor `$MEDIAVAULT_S3_PATH_STYLE` said anything (they win over the file,
    /// as options and variables do for every other setting).
    public func configured(by config: MirrorConfig) -> ArchiveTarget {
        var target = self
        target.pathStyleChoice = pathStyleChoice ?? config.s3PathStyle
        return target
    }

    /// The target configured by the file `mirror` would read without `--config` (`$MEDIAVAULT_CONFIG`,
    /// else `$XDG_CONFIG_HOME/mediavault/config.yml`), for the verbs that have no `--config`; the
    /// file is read only for an S3 archive whose addressing nothing else chose.
    public func configuredByDefaultFile() throws -> ArchiveTarget {
        guard pathStyleChoice == nil, case .s3 = address else { return self }
        var lookup = MirrorOptions(target: self)
        lookup.environment = environment
        guard let file = lookup.effectiveConfigFile else { return self }
        return configured(by: try MirrorConfig.load(file: file))
    }

    /// How the S3 client reaches `bucket`: the AWS variables of ``environment``, path-style when
    /// chosen (``pathStyleChoice`` true), else the endpoint's default.
    public func s3Configuration(bucket: String) throws -> S3Configuration {
        try S3Configuration.fromEnvironment(bucket: bucket, addressing: s3PathStyle ? .pathStyle : nil, environment: environment)
    }
}
