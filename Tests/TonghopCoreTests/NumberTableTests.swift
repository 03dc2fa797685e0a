import Testing
import TonghopCore

/// The numbers of a synthesis' window, and the fields of each report's difficulties, kept flat.
@Suite struct NumberTableTests {
    @Test func eachRowKeepsItsOwnFieldsInItsReportsOrder() {
        var table = NumberTable(rows: 4, width: 2)
        #expect(table.rowCount == 4 && table.numbers.count == 8 && table.numbers.allSatisfy(\.isNaN))
        #expect((0..<4).allSatisfy { table.difficultyCount($0) == 0 && table.difficultyFields($0).isEmpty })
        // Rows read in any order, a field raised twice by one report, pairs out of the table or of the names left out.
        table.setFields(
            names: ["land", "staff", "funds"],
            raised: [(2, 1), (0, 0), (2, 0), (2, 1), (3, 2), (4, 0), (1, 3), (-1, 0)])
        #expect((0..<4).map { table.difficultyFields($0) } == [["land"], [], ["staff", "land", "staff"], ["funds"]])
        #expect((0..<4).map { table.difficultyCount($0) } == [1, 0, 3, 1])
        #expect(table.raises(2, fieldAt: 0) && table.raises(2, fieldAt: 1) && !table.raises(2, fieldAt: 2) && !table.raises(1, fieldAt: 0))
        table.numbers[1 * 2 + 1] = 7
        #expect(Array(table.row(1)).last == 7 && table.row(1).first!.isNaN)
    }
}

@Suite struct ArrayRoomTests {
    @Test func anArrayGrownByAppendingIsCopiedIntoRoomOfItsSize() {
        var grown: [String] = []
        for i in 0..<1_100 { grown.append("đơn vị \(i)") }
        #expect(grown.capacity > grown.count + grown.count / 16, "grown by doubling")
        let kept = grown.inRoomOfItsSize()
        #expect(kept == grown && kept.capacity < grown.capacity && kept.capacity - kept.count < 8)
        #expect([Int]().inRoomOfItsSize().isEmpty)
        // Reserved ahead for what it holds: kept as it is, not copied.
        var reserved: [String] = []
        reserved.reserveCapacity(1_100)
        for i in 0..<1_100 { reserved.append("đơn vị \(i)") }
        let same = reserved.inRoomOfItsSize()
        same.withUnsafeBufferPointer { a in reserved.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) } }
    }
}
