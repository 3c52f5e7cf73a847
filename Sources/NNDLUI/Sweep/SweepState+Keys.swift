import NNDL

/// What the sweep's main loop must do after a key.
public enum SweepAction: Equatable, Sendable {
    /// Stop the runs and leave.
    case quit
    /// Carry out a run dashboard's action (snapshot, CSV export) for run `run`.
    case run(Int, AppAction)
}

extension SweepState {
    /// Takes in a key pressed at `now`; returns what the main loop must do, if anything.
    public mutating func handle(_ key: Key, at now: Double?) -> SweepAction? {
        if key == .resize { return nil }
        if confirmingQuit {
            confirmingQuit = false
            if key == .character("y") || key == .character("Y") { return .quit }
            post("quit cancelled", at: now)
            return nil
        }
        switch screen {
        case .table: return tableKey(key, now: now)
        case let .run(i): return runKey(key, run: i, now: now)
        }
    }

    /// A key on the table: ↑/↓ select, Enter opens the selected run, a picks the tuning chart's axis, q quits.
    mutating func tableKey(_ key: Key, now: Double?) -> SweepAction? {
        switch key {
        case .up: moveSelection(by: -1)
        case .down: moveSelection(by: 1)
        case .enter: if runs.indices.contains(selected) { screen = .run(selected) }
        case .character("a"): if !axes.isEmpty { tuningAxis = (tuningAxis + 1) % axes.count }
        case .character("q"): return quit()
        default: break
        }
        return nil
    }

    /// Moves the selection up or down the table's current order (stopping at the ends).
    mutating func moveSelection(by offset: Int) {
        let rows = order
        guard let position = rows.firstIndex(of: selected) else { return }
        selected = rows[min(max(0, position + offset), rows.count - 1)]
    }

    /// `q`: quits at once when nothing is left to train (or when watching, which stops nothing), else asks.
    mutating func quit() -> SweepAction? {
        guard watching == nil, isInProgress else { return .quit }
        confirmingQuit = true
        return nil
    }

    /// A key on run `i`'s dashboard: Esc or Backspace return to the table, q quits the sweep, everything else is the
    /// dashboard's (views, help, snapshot, CSV; it refuses steering keys, its state being not `steerable`).
    mutating func runKey(_ key: Key, run i: Int, now: Double?) -> SweepAction? {
        let dashboard = runs[i].dashboard
        if dashboard.mode == .normal {
            if key == .backspace || (key == .escape && !dashboard.escapeCloses) {
                screen = .table
                return nil
            }
            if key == .character("q") { return quit() }
        }
        switch runs[i].dashboard.handle(key, at: now) {
        case .quit?: return quit()
        case let action? where action == .snapshot || action == .exportCSV: return .run(i, action)
        default: return nil
        }
    }
}
