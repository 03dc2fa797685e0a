import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TonghopCore

/// One connection to the mail server: commands written as lines, replies read as they complete, each within the
/// settings' timeout.
final class SMTPConnection: Sendable {
    let channel: any Channel
    private let replies: NIOLoopBound<SMTPReplyHandler>
    private let timeout: TimeAmount

    private init(channel: any Channel, replies: NIOLoopBound<SMTPReplyHandler>, timeout: TimeAmount) {
        self.channel = channel
        self.replies = replies
        self.timeout = timeout
    }

    static func open(_ settings: SMTPSettings, group: any EventLoopGroup) async throws -> SMTPConnection {
        let tls = settings.implicitTLS ? try context(settings) : nil
        let host = Self.nameForTLS(settings.host)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(settings.timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: host)) }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw MailFailure(permanent: false, "cannot connect to \(settings.host):\(settings.port): \(error)")
        }
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return SMTPConnection(channel: channel, replies: handler, timeout: settings.timeout)
    }

    /// The next reply, or a transient failure when none comes in time or the connection closes.
    func reply() async throws -> SMTPReply {
        let (replies, timeout, loop) = (self.replies, self.timeout, channel.eventLoop)
        return try await loop.flatSubmit { replies.value.next(timeout: timeout) }.get()
    }

    /// Writes one command (its line break added) and reads its reply within the timeout. The write is not awaited: a
    /// server that stops reading (or stalls a TLS handshake) would hold it forever, while the reply's timeout closes the
    /// connection, which fails the write too.
    func command(_ line: String, shown: String? = nil) async throws -> SMTPReply {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line + "\r\n")
        channel.writeAndFlush(buffer, promise: nil)
        return try await reply()
    }

    /// Puts TLS under the connection after the server's 220 to STARTTLS; refused when the server sent anything more in
    /// clear text, which would otherwise be read as a reply over TLS.
    func startTLS(_ settings: SMTPSettings) async throws {
        let context = try Self.context(settings)
        let (channel, host, replies) = (self.channel, Self.nameForTLS(settings.host), self.replies)
        try await channel.eventLoop.submit {
            guard replies.value.isIdle else { throw MailFailure(permanent: false, "the server sent more after agreeing to STARTTLS") }
            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: host), position: .first)
        }.get()
    }

    /// The server's name as TLS checks it: none for an address (TLS names no addresses; the certificate is then checked
    /// against the address connected to).
    static func nameForTLS(_ host: String) -> String? {
        var address = in6_addr()
        let isAddress = host.withCString { inet_pton(AF_INET, $0, &address) == 1 || inet_pton(AF_INET6, $0, &address) == 1 }
        return isAddress ? nil : host
    }

    func close() async {
        try? await channel.close().get()
    }

    /// The TLS of a client: the system's trust roots, or the PEM file the settings name.
    static func context(_ settings: SMTPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let roots = settings.trustRoots {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(roots))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

/// Collects the server's replies from the bytes received: lines ending in CRLF, a reply's lines `250-…` until `250 …`.
/// Bounded (a line of 4 KiB, a reply of 100 lines): a server sending more is a failure, not memory used.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var ready: [Result<SMTPReply, any Error>] = []
    private var waiting: [(promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>)] = []
    private var context: ChannelHandlerContext?
    /// Set once the conversation broke: every later read fails with it.
    private var broken: (any Error)?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard broken == nil else { return }
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(pending[..<end])
            pending.removeSubrange(...end)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            take(String(decoding: line, as: UTF8.self))
        }
        if pending.count > 4096 { fail(MailFailure(permanent: false, "the server sent a line longer than 4 KiB")) }
    }

    /// Nothing received that is not yet read.
    var isIdle: Bool { pending.isEmpty && lines.isEmpty && ready.isEmpty }

    func channelInactive(context: ChannelHandlerContext) {
        fail(MailFailure(permanent: false, "the server closed the connection"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(MailFailure(permanent: false, "\(error)"))
        context.close(promise: nil)
    }

    /// The next reply, now if one is ready, else when it arrives or fails, or a failure after `timeout`.
    func next(timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        guard let context else { return MultiThreadedEventLoopGroup.singleton.any().makeFailedFuture(MailFailure(permanent: false, "no connection")) }
        if !ready.isEmpty { return context.eventLoop.makeCompletedFuture(ready.removeFirst()) }
        if let broken { return context.eventLoop.makeFailedFuture(broken) }
        let promise = context.eventLoop.makePromise(of: SMTPReply.self)
        // On the handler's own loop, as everything it holds.
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let timer = context.eventLoop.scheduleTask(in: timeout) {
            let waiting = handler.value.waiting
            guard let index = waiting.firstIndex(where: { $0.promise.futureResult === promise.futureResult }) else { return }
            handler.value.waiting.remove(at: index)
            promise.fail(MailFailure(permanent: false, "no answer from the server in time"))
            // A server that stopped answering may also have stopped reading: closing fails whatever write waits for it.
            handler.value.context?.close(promise: nil)
        }
        waiting.append((promise, timer))
        return promise.futureResult
    }

    private func take(_ line: String) {
        // What the server says may end up on an operator's terminal (`notify --status`): no control characters.
        let bytes = Array(line.utf8).map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: " ") : $0 }
        guard bytes.count <= 4096, bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code),
            bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else {
            fail(MailFailure(permanent: false, "the server's reply is not SMTP: \(String(decoding: bytes.prefix(80), as: UTF8.self))"))
            return
        }
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= 100 else {
            fail(MailFailure(permanent: false, "the server's reply has more than 100 lines"))
            return
        }
        // "250-…" continues the reply; "250 …" (or "250" alone) ends it.
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return }
        deliver(.success(SMTPReply(code: code, lines: lines)))
        lines = []
    }

    private func deliver(_ result: Result<SMTPReply, any Error>) {
        if waiting.isEmpty {
            ready.append(result)
        } else {
            let first = waiting.removeFirst()
            first.timer.cancel()
            first.promise.completeWith(result)
        }
    }

    /// A broken conversation: every read fails at once from now on, and the connection is closed.
    private func fail(_ error: any Error) {
        for item in waiting {
            item.timer.cancel()
            item.promise.fail(error)
        }
        waiting = []
        ready = [.failure(error)]
        broken = error
        pending = []
        lines = []
        context?.close(promise: nil)
    }
}
