import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a callback on a Dispatch queue (the default handlers are ignored while it lives).
final class SignalTrap: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let first = FirstSignal()

    /// Calls `handler` with the signal number each time SIGINT or SIGTERM arrives.
    init(queue: DispatchQueue = DispatchQueue(label: "nndl.signals"), handler: @escaping @Sendable (Int32) -> Void) {
        var made: [any DispatchSourceSignal] = []
        let first = self.first
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                first.record(sig)
                handler(sig)
            }
            source.resume()
            made.append(source)
        }
        sources = Mutex(made)
    }

    /// The first signal that arrived, if any (it decides the exit status: 130 for SIGINT, 143 for SIGTERM).
    var received: Int32? { first.value }

    /// Stops listening and restores the default handlers.
    func cancel() {
        sources.withLock { for s in $0 { s.cancel() } }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// The first signal a trap saw, kept for the exit status.
private final class FirstSignal: Sendable {
    private let first = Mutex<Int32?>(nil)

    /// Keeps `signal` unless one came before it.
    func record(_ signal: Int32) { first.withLock { if $0 == nil { $0 = signal } } }

    /// The signal kept, if any.
    var value: Int32? { first.withLock { $0 } }
}
