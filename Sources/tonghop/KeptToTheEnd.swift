/// Hands what a command is done with, just before it ends, to the end of the process rather than freeing it: the system
/// takes a process's memory back at once, while freeing a commune-scale synthesis (half a million small values) one by
/// one took 8–15 ms after its file was written (JSON and XLSX; measured in turns, release build). For a command that
/// ends with its work: the service frees what each request made.
func keptToTheEnd(_ value: some Any) {
    _ = Unmanaged.passRetained(Kept(value))
}

/// What `keptToTheEnd` holds, never released.
private final class Kept<Value> {
    let value: Value

    init(_ value: Value) { self.value = value }
}
