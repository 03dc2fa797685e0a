/// The places of the last few keys looked up, compared before a key is hashed: for rows that come grouped, where a few
/// keys repeat in turn (a unit's five tasks, a window's text criteria), and hashing each row's key cost more than the
/// rest of the loop.
public struct RecentPlaces {
    private var recent: [(key: String, place: Int?)] = []
    private let capacity: Int

    public init(capacity: Int = 8) {
        self.capacity = max(capacity, 1)
    }

    /// The place of `key`: a recent one's as it was found, else `lookUp`'s, kept as the newest.
    public mutating func place(of key: String, lookUp: (String) -> Int?) -> Int? {
        if let known = recent.first(where: { $0.key == key }) { return known.place }
        let place = lookUp(key)
        if recent.count == capacity { recent.removeFirst() }
        recent.append((key, place))
        return place
    }
}
