/// Sizes as people write them on a command line: `4194304`, `512k`, `8M`, `1G` (binary units,
/// case-insensitive, an optional trailing `B` or `iB`).
public enum ByteSize {
    /// The number of bytes `text` means, or nil when it is not a size.
    public static func parse(_ text: String) -> Int? {
        var digits = Substring(text.lowercased())
        for suffix in ["ib", "b"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits = digits.dropLast(suffix.count)
            break
        }
        var multiplier = 1
        if let unit = digits.last, let shift = ["k": 10, "m": 20, "g": 30][unit] {
            multiplier = 1 << shift
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value >= 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
