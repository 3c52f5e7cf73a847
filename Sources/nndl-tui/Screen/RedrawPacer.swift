import Dispatch

/// When a UI loop redraws: within 50 ms of a key or resize, at most 10 times a second when only training progress
/// changed (which keeps the UI thread's share of the CPU small), and every half second regardless, for clocks and
/// message timeouts.
struct RedrawPacer {
    private var changed = true
    private var keyWaiting = false
    private var lastDraw = 0.0
    private let origin = DispatchTime.now().uptimeNanoseconds

    /// Seconds since the loop started.
    var now: Double { Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9 }

    /// A key or resize changed what is shown: answer it soon.
    mutating func keyArrived() {
        changed = true
        keyWaiting = true
    }

    /// Engine updates changed what is shown.
    mutating func progressArrived() { changed = true }

    /// Whether to draw now (`t` from `now`); when it says yes, the caller draws.
    mutating func shouldDraw(at t: Double) -> Bool {
        if changed && t - lastDraw >= (keyWaiting ? 0.05 : 0.1) {
            lastDraw = t
            changed = false
            keyWaiting = false
            return true
        }
        if t - lastDraw >= 0.5 { changed = true }
        return false
    }
}
