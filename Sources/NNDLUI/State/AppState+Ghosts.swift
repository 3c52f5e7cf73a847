import NNDL

extension AppState {
    /// The most earlier runs kept as ghosts.
    public static let maxGhosts = 3

    /// The ghosts the charts draw now: all of them, or none when `o` hid them.
    public var visibleGhosts: [GhostRun] { view.ghosts ? ghosts : [] }

    /// Before a new `.started`: the run so far (if it trained at all) becomes the newest ghost; the oldest beyond
    /// `maxGhosts` is dropped.
    mutating func keepGhost() {
        guard let ghost = GhostRun(of: current) else { return }
        ghosts = Array((ghosts + [ghost]).suffix(AppState.maxGhosts))
    }

    /// `o`: hides or shows the ghosts, saying so (and what `r` does when there are none yet).
    mutating func toggleGhosts(now: Double?) {
        guard !ghosts.isEmpty else {
            post("no earlier runs yet: r restarts and keeps this one as a ghost", at: now)
            return
        }
        view.ghosts.toggle()
        let count = "\(ghosts.count) earlier run\(ghosts.count == 1 ? "" : "s")"
        post(view.ghosts ? "showing \(count)" : "hiding \(count) (o shows them)", at: now)
    }

    /// The earlier run whose W1 `b` puts beside this run's: the best validation accuracy among the ghosts with filters
    /// (the newest on ties; a run never measured counts lowest).
    public var bestGhostWithFilters: GhostRun? {
        ghosts.filter { $0.filters != nil }.reversed()
            .max { ($0.bestValAccuracy ?? -1) < ($1.bestValAccuracy ?? -1) }
    }

    /// `b`: shows or hides this run's W1 beside the best earlier run's (saying why not when there is none).
    mutating func toggleFiltersBeside(now: Double?) {
        guard view.overlay == .filtersBeside || bestGhostWithFilters != nil else {
            post("no earlier run with W1 filters yet: r restarts and keeps this one", at: now)
            return
        }
        toggle(.filtersBeside)
    }
}
