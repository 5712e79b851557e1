import CCrypto
import Foundation

/// Streaming SHA-256 through OpenSSL's EVP interface, which uses the CPU's SHA extensions.
public final class SHA256Hasher {
    private let context: OpaquePointer

    /// Starts a new digest.
    public init() {
        OpenSSLSetup.once()
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        self.context = context
        precondition(EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "EVP_DigestInit_ex(sha256) failed")
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds more bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Ends the digest and returns it as 64 lower-case hex digits.
    public func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32, "EVP_DigestFinal_ex failed")
        return digest.hexString
    }

    /// The first 128 bits of the SHA-256 of `bytes`, as two big-endian words. Starts over, so
    /// one hasher serves any number of calls (one at a time): what was fed before is dropped.
    public func prefix128(of bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        precondition(EVP_DigestInit_ex(context, nil, nil) == 1, "EVP_DigestInit_ex failed")
        update(bytes)
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var length: UInt32 = 0
        withUnsafeMutableBytes(of: &digest) { raw in
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            precondition(EVP_DigestFinal_ex(context, out, &length) == 1 && length == 32, "EVP_DigestFinal_ex failed")
        }
        return (UInt64(bigEndian: digest.0), UInt64(bigEndian: digest.1))
    }

    /// The SHA-256 of a file, read in 1 MiB blocks (memory does not grow with the file).
    public static func hash(fileAt url: URL) throws -> (sha256: String, size: Int64) {
        let hasher = SHA256Hasher()
        let size = try FileChunks.read(url) { hasher.update($0) }
        return (hasher.finalizeHex(), size)
    }
}

extension Sequence<UInt8> {
    /// Lower-case hexadecimal digits of the bytes.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
