import NNDLUI
import Synchronization

/// Updates from the sweep's runs and signals, handed to the UI thread through a lock; nothing else is shared.
final class SweepInbox: Sendable {
    private let updates = Mutex<[SweepUpdate]>([])
    private let interrupted = Mutex<Bool>(false)

    /// Queues an update for the UI thread.
    func post(_ update: SweepUpdate) { updates.withLock { $0.append(update) } }
    /// Everything queued since the last call.
    func take() -> [SweepUpdate] { updates.withLock { u in defer { u.removeAll(keepingCapacity: true) }; return u } }
    /// Records a SIGINT or SIGTERM.
    func interrupt() { interrupted.withLock { $0 = true } }
    /// Whether a signal arrived.
    var isInterrupted: Bool { interrupted.withLock { $0 } }
}
