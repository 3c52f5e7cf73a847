import Dispatch
import Synchronization

/// Values handed from one thread to another through a lock: any thread posts, the owner drains them with `take()`
/// (or blocks in `wait()` until something is posted). The only mutable state engine and UI share is one of these.
public final class Mailbox<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    /// Signalled once per post, so a waiting owner wakes up; a wake may find the box already drained.
    private let posted = DispatchSemaphore(value: 0)

    /// An empty mailbox.
    public init() {}

    /// Queues `item` for the owner and wakes it if it waits.
    public func post(_ item: T) {
        items.withLock { $0.append(item) }
        posted.signal()
    }

    /// Everything posted since the last call, oldest first.
    public func take() -> [T] {
        items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }

    /// Hands everything posted since the last call to `body`, oldest first; true when there was anything.
    public func drain(_ body: (T) -> Void) -> Bool {
        let pending = take()
        pending.forEach(body)
        return !pending.isEmpty
    }

    /// Blocks until a post that no earlier `wait()` consumed (it may already have been taken).
    public func wait() { posted.wait() }
}
