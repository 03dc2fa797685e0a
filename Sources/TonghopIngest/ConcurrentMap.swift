import Dispatch

extension Array where Element: Sendable {
    /// The elements transformed on all cores at once, in their original order.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        // Each iteration writes only its own slot, so the writes never overlap.
        nonisolated(unsafe) let shared = slots
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: count) { i in shared[i] = transform(self[i]) }
        }
        return slots.map { $0! }
    }
}
