import Dispatch
import Testing
@testable import NNDL

/// The one way values cross between the engine and the UI.
struct MailboxTests {
    /// Every value posted from several threads arrives exactly once, each poster's in its order; `take` drains.
    @Test func takeDrainsEveryPostOnceInOrder() {
        let box = Mailbox<Int>()
        DispatchQueue.concurrentPerform(iterations: 4) { poster in
            for i in 0..<1000 { box.post(poster * 1000 + i) }
        }
        let taken = box.take()
        #expect(taken.count == 4000)
        for poster in 0..<4 {
            #expect(taken.filter { $0 / 1000 == poster } == Array(poster * 1000..<poster * 1000 + 1000))
        }
        #expect(box.take().isEmpty)
    }

    /// `wait` returns once something is posted from another thread (the paused engine waking for a command).
    @Test func waitWakesOnAPost() {
        let box = Mailbox<String>()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { box.post("resume") }
        box.wait()
        #expect(box.take() == ["resume"])
    }
}
