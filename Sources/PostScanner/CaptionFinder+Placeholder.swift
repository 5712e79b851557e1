import Foundation

extension CaptionFinder {
    /// Names editors give pasted images (Typora `image-20200324205004033`, `Screenshot
    /// 2021-05-01 at 10.22.13`, `截屏2021-…`, `Pasted image 20220101`): never a caption.
    /// Compared on bytes (ASCII case folded): it runs for every candidate caption.
    static func isEditorDefault(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count <= 48, let prefix = editorPrefixes.first(where: { startsFolded(bytes, $0) }) else { return false }
        let rest = bytes.dropFirst(prefix.utf8.count)
        var digits = false
        for byte in rest {
            if byte >= 0x30 && byte <= 0x39 { digits = true; continue }
            guard byte < 0x80, editorFiller.contains(byte | 0x20) else { return false }
        }
        return digits
    }

    /// The openings of editor default names, lower-case.
    static let editorPrefixes = ["image", "img", "screenshot", "screen shot", "pasted image", "截屏", "屏幕截图", "snipaste", "dsc", "photo"]

    /// Bytes allowed between the digits of a default name (`-`, `_`, `.`, `:`, space, `at`, `am`, `pm`, brackets), case-folded.
    private static let editorFiller: Set<UInt8> = Set(" -_.:()atpm".utf8.map { $0 | 0x20 })

    /// True when `bytes` starts with `prefix`, ASCII letters compared without case.
    private static func startsFolded(_ bytes: String.UTF8View, _ prefix: String) -> Bool {
        var index = bytes.startIndex
        for expected in prefix.utf8 {
            guard index < bytes.endIndex else { return false }
            let byte = bytes[index]
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != expected { return false }
            index = bytes.index(after: index)
        }
        return true
    }
}
