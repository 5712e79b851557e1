import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.0 client for the fixture server's control endpoints on 127.0.0.1.
///
/// A plain socket rather than URLSession: FoundationNetworking on Linux honours `http_proxy`
/// and friends, and a proxy must never see loopback test traffic.
enum LoopbackHTTP {
    /// Sends METHOD PATH to 127.0.0.1:PORT and returns the body of a 2xx answer.
    static func request(method: String, path: String, port: Int) throws -> Data {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw failure("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }

        var timeout = timeval(tv_sec: 10, tv_usec: 0)  // a wedged server must not hang the tests
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw failure("connect to port \(port): \(String(cString: strerror(errno)))") }

        let request = "\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
        // MSG_NOSIGNAL: the test process does not ignore SIGPIPE, and a server that closed first
        // must give this call EPIPE, not end every test at once.
        let sent = request.utf8CString.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        guard sent == request.utf8.count else { throw failure("send: \(String(cString: strerror(errno)))") }

        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {  // HTTP/1.0: the server closes the connection after the body
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw failure("recv: \(String(cString: strerror(errno)))") }
            response.append(contentsOf: buffer[0..<count])
        }
        return try body(of: response, request: "\(method) \(path)")
    }

    /// The body after the blank line, if the status line says 2xx.
    private static func body(of response: Data, request: String) throws -> Data {
        guard let end = response.range(of: Data("\r\n\r\n".utf8)) else {
            throw failure("\(request): incomplete answer")
        }
        let head = String(decoding: response[..<end.lowerBound], as: UTF8.self)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        guard (200..<300).contains(status) else { throw failure("\(request): status \(status)") }
        return Data(response[end.upperBound...])
    }

    private static func failure(_ message: String) -> FixtureServerError {
        .controlRequestFailed(message)
    }
}
