import Foundation
import NNDL
import Synchronization

/// Reads a runs folder on a thread of its own and hands each poll's changes to `sink` (the UI posts them into a
/// `Mailbox`): it waits on inotify for writes in the folders it searched (where the kernel has inotify), and polls
/// every `interval` seconds anyway, since writes made on another machine to a shared filesystem raise no inotify
/// events here.
public final class WatchReader: Sendable {
    /// The folder watched.
    public let root: String
    /// The longest wait between two polls, in seconds.
    public let interval: Double
    private let sink: @Sendable ([WatchUpdate]) -> Void
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// A reader of `root` reporting to `sink`.
    public init(root: String, interval: Double = 1, sink: @escaping @Sendable ([WatchUpdate]) -> Void) {
        self.root = root
        self.interval = interval
        self.sink = sink
    }

    /// Everything under `root` now, read once on the calling thread (`watch --print`).
    public static func readOnce(_ root: String) -> [WatchUpdate] {
        var scanner = WatchScanner(root: root)
        return scanner.poll(now: 0)
    }

    /// Starts the reading thread.
    public func start() {
        Thread.detachNewThread { [self] in
            loop()
            done.signal()
        }
    }

    /// Stops the thread and waits for it (at most one poll's time).
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        done.wait()
    }

    private func loop() {
        var scanner = WatchScanner(root: root)
        let notify = INotify()
        let clock = ContinuousClock(), start = clock.now
        while !stopping.load(ordering: .relaxed) {
            let elapsed = start.duration(to: clock.now)
            let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let updates = scanner.poll(now: now)
            if !updates.isEmpty { sink(updates) }
            notify?.watch(scanner.directories + scanner.folders)
            if let notify { notify.wait(seconds: interval) } else { Thread.sleep(forTimeInterval: interval) }
            // Writes come in bursts (a row, then a flush): let them settle before reading.
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}

/// An inotify instance watching folders for files created, written, moved or deleted in them.
private final class INotify {
    private let fd: Int32
    private var watched: Set<String> = []

    /// nil where the kernel offers no inotify (the reader then only polls).
    init?() {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// Adds watches for the folders not yet watched (a folder removed and made again is watched anew by the kernel
    /// only when added again, so vanished ones are forgotten).
    func watch(_ folders: [String]) {
        let mask = UInt32(IN_CREATE | IN_MODIFY | IN_MOVED_TO | IN_DELETE | IN_CLOSE_WRITE | IN_DELETE_SELF)
        let current = Set(folders)
        watched.formIntersection(current)
        for folder in current.subtracting(watched) where inotify_add_watch(fd, folder, mask) >= 0 {
            watched.insert(folder)
        }
    }

    /// Waits until an event arrives or `seconds` pass, then drains the events.
    func wait(seconds: Double) {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&pfd, 1, Int32(seconds * 1000))
        var buffer = [UInt8](repeating: 0, count: 16384)
        while read(fd, &buffer, buffer.count) > 0 {}
    }
}
