/// Letters from other scripts that look like Latin ones, and characters nobody sees: what makes "НN" (a Cyrillic Н) or
/// "H\u{200B}N" not the code HN although it reads as HN. Codes and ids are plain Latin letters, digits and punctuation;
/// a message names what stands in one instead.
public enum Lookalikes {
    /// One character of a code that is not what it looks like.
    public struct Finding: Sendable, Hashable {
        public var scalar: Unicode.Scalar
        /// The Latin letter or digit it looks like; nil for an invisible character.
        public var latin: Character?
        /// Its script, as people name it.
        public var script: LocalizedText?

        /// As a message says it: ký tự "Н" (U+041D) là chữ Kirin, trông giống chữ "H" Latinh / ký tự vô hình U+200B.
        public var description: LocalizedText {
            let code = "U+" + padded(Int(scalar.value), 4, radix: 16)
            guard let latin, let script else {
                return LocalizedText(vi: "ký tự vô hình \(code)", en: "the invisible character \(code)")
            }
            return LocalizedText(
                vi: "ký tự \"\(Character(scalar))\" (\(code)) là \(script.vi), trông giống \(latin.isNumber ? "chữ số" : "chữ") \"\(latin)\" Latinh",
                en: "\"\(Character(scalar))\" (\(code)) is a \(script.en) character that looks like the Latin \"\(latin)\"")
        }
    }

    private static let cyrillic = LocalizedText(vi: "chữ Kirin", en: "Cyrillic")
    private static let greek = LocalizedText(vi: "chữ Hy Lạp", en: "Greek")
    private static let fullWidth = LocalizedText(vi: "ký tự toàn khổ (full-width, của bộ gõ tiếng Nhật, tiếng Trung)", en: "full-width")

    // The letters of Cyrillic and Greek drawn as a Latin one is (Unicode's confusables, the ones a keyboard gives).
    private static let table: [UInt32: (Character, LocalizedText)] = {
        var table: [UInt32: (Character, LocalizedText)] = [:]
        for (from, to) in zip("АВЕКМНОРСТХІЈЅаеорсухіјѕһԁ", "ABEKMHOPCTXIJSaeopcyxijshd") { table[from.unicodeScalars.first!.value] = (to, cyrillic) }
        for (from, to) in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικν", "ABEZHIKMNOPTYXoikv") { table[from.unicodeScalars.first!.value] = (to, greek) }
        return table
    }()

    /// The code as the Latin text it looks like, and each character that made it differ; no findings for a plain code.
    public static func examine(_ code: String) -> (latin: String, findings: [Finding]) {
        guard code.unicodeScalars.contains(where: { !$0.isASCII }) else { return (code, []) }
        var latin = ""
        var findings: [Finding] = []
        for scalar in code.unicodeScalars {
            if let (letter, script) = table[scalar.value] {
                latin.append(letter)
                findings.append(Finding(scalar: scalar, latin: letter, script: script))
            } else if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                latin.unicodeScalars.append(ascii)
                findings.append(Finding(scalar: scalar, latin: Character(ascii), script: fullWidth))
            } else if scalar.isInvisible || scalar.isForbiddenControl {
                findings.append(Finding(scalar: scalar, latin: nil, script: nil))
            } else {
                latin.unicodeScalars.append(scalar)
            }
        }
        return (latin, findings)
    }

    /// What a message says of the findings, run together: "ký tự "Н" (U+041D) là chữ Kirin, … và ký tự vô hình U+200B".
    public static func described(_ findings: [Finding]) -> MessageArgument {
        // One mention of each character, however often it stands in the code.
        var seen: Set<Unicode.Scalar> = []
        let unique = findings.filter { seen.insert($0.scalar).inserted }.prefix(5)
        return .localized(vi: Language.vi.list(unique.map(\.description.vi)), en: Language.en.list(unique.map(\.description.en)))
    }
}
