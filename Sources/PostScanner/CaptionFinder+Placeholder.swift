import Foundation

extension CaptionFinder {
    /// Names editors give pasted images (Typora `image-20200324205004033`, `Screenshot
    /// 2021-05-01 at 10.22.13`, `截屏2021-…`, `Pasted image 20220101`): never a caption.
    /// Compared on bytes (ASCII case folded): it runs for every candidate caption.
    static func isEditorDefault(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count <= 72, let prefix = editorPrefixes.first(where: { startsFolded(bytes, $0) }) else { return false }
        var rest = Substring(text).utf8.dropFirst(prefix.utf8.count)
        var digits = false
        while let byte = rest.first {
            if byte >= 0x30 && byte <= 0x39 {
                digits = true
            } else if byte >= 0x80 || byte == UInt8(ascii: "@") {
                // The time of day in the screenshot's language (`下午3.12.45`, `오전 10.58.56`), a retina `@2x`.
                guard let word = editorTimeWords.first(where: { rest.starts(with: $0.utf8) }) else { return false }
                rest = rest.dropFirst(word.utf8.count)
                continue
            } else if !editorFiller.contains(byte | 0x20) {
                return false
            }
            rest = rest.dropFirst()
        }
        return digits
    }

    /// The openings of editor default names, lower-case: English, Chinese, Japanese and Korean
    /// screenshot tools and chat apps (`微信截图_20220823213056`, `スクリーンショット 2022-04-06 10 58 56`,
    /// `스크린샷 2022-04-06 오전 10.58.56`, WeChat's `mmexport1600000000000`, Xnip, CleanShot).
    static let editorPrefixes = ["image", "img", "screenshot", "screen shot", "pasted image", "截屏", "屏幕截图", "屏幕快照", "snipaste", "dsc", "photo",
                                 "企业微信截图", "微信截图", "微信图片", "qq截图", "qq图片", "截图", "スクリーンショット", "스크린샷", "xnip", "cleanshot",
                                 "wechatimg", "mmexport"]

    /// Words allowed between the digits of a default name besides ASCII filler: the time of day
    /// in Chinese, Japanese and Korean, and a retina suffix.
    private static let editorTimeWords = ["上午", "下午", "午前", "午後", "오전", "오후", "@2x", "@3x"]

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
