import Foundation
import TonghopCore

/// A message as RFC 5322 and MIME write it: UTF-8 headers as encoded words, the body as base64 text/plain UTF-8
/// (Vietnamese survives every server, and no line of it can start with a dot or exceed 76 characters).
enum MailFormat {
    static func message(_ mail: OutgoingMail) -> String {
        var lines = [
            "From: " + encodedWord(mail.fromName) + " <\(mail.from.text)>",
            // One address a line: a long list of recipients stays within the line limit.
            "To: " + mail.to.map(\.text).joined(separator: ",\r\n "),
            "Subject: " + encodedWord(mail.subject),
            "Date: " + date(mail.date),
            "Message-ID: <" + messageId(mail.messageKey) + "@" + (mail.from.text.split(separator: "@").last.map(String.init) ?? "tonghop") + ">",
            // Sent by a program: mail servers send no vacation or out-of-office replies back.
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        let body = Data(mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let encoded = Array(body.base64EncodedString().utf8)
        var index = 0
        while index < encoded.count {
            lines.append(String(decoding: encoded[index..<min(index + 76, encoded.count)], as: UTF8.self))
            index += 76
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A header's text as RFC 2047 encoded words, each under 76 characters; plain ASCII as it is.
    static func encodedWord(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        // Plain ASCII without the characters that would change an address line's meaning (a comma makes two names).
        let specials = Set("()<>[]:;@\\,.\"".utf8)
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !specials.contains($0) }) && !clean.contains("=?") { return clean }
        // Whole characters per word, at most 39 bytes each (52 characters of base64): with "Subject: " the first line too
        // keeps within 76 characters.
        var words: [String] = []
        var chunk = ""
        for character in clean {
            if !chunk.isEmpty && chunk.utf8.count + String(character).utf8.count > 39 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// "Thu, 20 Nov 2025 07:00:00 +0700": in Vietnam time, as people there read it.
    static func date(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 7 * 3600
        let day = LocalDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = seconds - day.dayNumber * 86_400
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[day.weekday.index]), \(day.day) \(months[day.month - 1]) \(day.year) " + padded(inDay / 3600, 2) + ":"
            + padded(inDay / 60 % 60, 2) + ":" + padded(inDay % 60, 2) + " +0700"
    }

    /// The outbox key as the left part of a Message-ID: letters, digits and dots only.
    static func messageId(_ key: String) -> String {
        String(key.unicodeScalars.map { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) ? Character($0) : "." })
    }
}
