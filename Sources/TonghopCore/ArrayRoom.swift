extension Array {
    /// The elements in room of their own size. An array grown by appending holds up to twice the room its elements
    /// need, and `Array(self[...])` hands back the same storage; a result kept through a synthesis is worth the copy.
    public func inRoomOfItsSize() -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { room, initialized in
            initialized = room.initialize(fromContentsOf: self)
        }
    }
}
