import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a callback on a Dispatch queue (the default handlers are ignored while it lives).
final class SignalTrap: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Calls `handler` with the signal number each time SIGINT or SIGTERM arrives.
    init(queue: DispatchQueue = DispatchQueue(label: "nndl.signals"), handler: @escaping @Sendable (Int32) -> Void) {
        var made: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { handler(sig) }
            source.resume()
            made.append(source)
        }
        sources = Mutex(made)
    }

    /// Stops listening and restores the default handlers.
    func cancel() {
        sources.withLock { for s in $0 { s.cancel() } }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
