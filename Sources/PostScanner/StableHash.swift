/// A hash that is the same on every run and machine, for names and fingerprints kept between
/// runs (Swift's `Hasher` is seeded per process).
public enum StableHash {
    /// 64-bit FNV-1a over the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
