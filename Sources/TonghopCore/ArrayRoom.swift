extension Array {
    /// The elements in room of their own size. An array grown by appending holds up to twice the room its elements
    /// need, and `Array(self[...])` hands back the same storage; a result kept through a synthesis is worth the copy.
    /// An array already in room of about its size (reserved ahead, or a few percent over, as the allocator rounds) is
    /// itself.
    public func inRoomOfItsSize() -> [Element] {
        guard capacity - count > count / 16 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { room, initialized in
            initialized = room.initialize(fromContentsOf: self)
        }
    }
}
