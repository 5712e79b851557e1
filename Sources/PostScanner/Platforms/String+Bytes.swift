#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// True when the UTF-8 bytes of `needle` occur in the string: `memchr` to each candidate
    /// first byte, then a compare, for the checks that run on every document or image URL
    /// (Foundation's `contains` costs more; `memmem` is not visible to Swift on glibc).
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        return haystack.withUTF8 { Self.bytes($0, contain: needle) }
    }

    /// True when `needle`'s UTF-8 bytes occur in `hay`.
    static func bytes(_ hay: UnsafeBufferPointer<UInt8>, contain needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pin in
            guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress, !pin.isEmpty, pin.count <= hay.count else { return false }
            let first = Int32(pin[0])
            var offset = 0
            let last = hay.count - pin.count
            while offset <= last {
                guard let found = memchr(hayBase + offset, first, last - offset + 1) else { return false }
                let index = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(hayBase + index, pinBase, pin.count) == 0 { return true }
                offset = index + 1
            }
            return false
        }
    }
}

extension Substring {
    /// `String.containsBytes` for a slice, without copying it.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        return haystack.withUTF8 { String.bytes($0, contain: needle) }
    }
}
