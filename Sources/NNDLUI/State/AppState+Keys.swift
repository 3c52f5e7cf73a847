import NNDL

extension AppState {
    /// Takes in a key; messages it posts stay until replaced. Returns what the main loop must do, if anything.
    public mutating func handle(_ key: Key) -> AppAction? {
        handle(key, at: nil)
    }

    /// Takes in a key pressed at `now` (seconds on the caller's clock); returns what the main loop must do.
    public mutating func handle(_ key: Key, at now: Double?) -> AppAction? {
        if key == .resize { return nil }
        switch mode {
        case .help:
            mode = .normal
            return nil
        case .confirmQuit:
            mode = .normal
            if key == .character("y") || key == .character("Y") { return .quit }
            post("quit cancelled", at: now)
            return nil
        case let .editing(field, text):
            return edit(field, text: text, key: key, now: now)
        case .normal:
            return command(key, now: now)
        }
    }

    /// A key in normal mode.
    mutating func command(_ key: Key, now: Double?) -> AppAction? {
        if !steerable, KeyBinding.steeringKeys.contains(key) {
            post("a sweep trains each point as given: no steering here (Esc: back to the table)", error: true, at: now)
            return nil
        }
        switch key {
        case .up: selectField(by: -1)
        case .down: selectField(by: 1)
        case .left: return step(-1, now: now)
        case .right: return step(1, now: now)
        case .enter:
            if current.hyperparameters != nil { mode = .editing(selectedField, text: "") }
        case .escape:
            view.overlay = nil
            view.zoom = false
        case .character(let c): return command(c, now: now)
        case .backspace, .resize: break
        }
        return nil
    }

    /// A character in normal mode (the table `KeyBinding.all` documents).
    mutating func command(_ c: Character, now: Double?) -> AppAction? {
        switch c {
        case " ": return pauseOrResume(now: now)
        case "n": return singleStep(now: now)
        case "r": return current.runState == nil ? nil : .engine(.restart)
        case "s": return .snapshot
        case "e": return .exportCSV
        case "q":
            guard isInProgress else { return .quit }
            mode = .confirmQuit
        case "-": return step(-1, now: now)
        case "+", "=": return step(1, now: now)
        case "?", "h": mode = .help
        default: toggleView(c, now: now)
        }
        return nil
    }

    /// The chart and filter toggles.
    mutating func toggleView(_ c: Character, now: Double?) {
        switch c {
        case "l": view.logY.toggle()
        case "w": view.recentWindow.toggle()
        case "g":
            if ascii { post("ASCII only (--ascii)", at: now) } else { view.glyphs = view.glyphs.next }
        case "[", "]": stepSmoothing(c == "]" ? 1 : -1)
        case "f":
            view.filterScaling = view.filterScaling == .perFilter ? .global : .perFilter
            rebuildFilterPicture()
        case "z": view.zoom.toggle()
        case "<", ">": cycleFilter(c == ">" ? 1 : -1)
        case "c": display.cycleColor()
        case "i":
            display.cycleGraphics()
            rebuildFilterPicture()
            post("W1 pictures: \(display.graphics.label)", at: now)
        case "v": toggle(.gallery)
        case "m": toggle(.confusion)
        case "d": toggle(.health)
        case "o": toggleGhosts(now: now)
        case "b": toggleFiltersBeside(now: now)
        default: break
        }
    }

    /// Rebuilds the W1 grid picture for the newest weights at the view's scaling and the picture mode's padding.
    mutating func rebuildFilterPicture() {
        current.filterPicture = current.filters.map {
            FilterImage.grid(of: $0, scaling: view.filterScaling, padding: FilterGrid.padding(for: display.graphics))
        }
    }

    /// Shows `overlay`, or closes it when it is the one shown (another one it replaces).
    mutating func toggle(_ overlay: Overlay) {
        view.overlay = view.overlay == overlay ? nil : overlay
    }

    /// Whether Esc closes something on the dashboard (an overlay or the zoomed filter) rather than leaving it.
    public var escapeCloses: Bool { view.overlay != nil || view.zoom }

    /// Space: pause a running run, resume a paused or diverged one.
    mutating func pauseOrResume(now: Double?) -> AppAction? {
        switch current.runState {
        case .running?: return .engine(.pause)
        case .paused?, .diverged?: return .engine(.resume)
        case .done?, .stopped?:
            post("the run has ended: r restarts it", at: now)
            return nil
        case nil: return nil
        }
    }

    /// `n`: one iteration, only while paused.
    mutating func singleStep(now: Double?) -> AppAction? {
        guard current.runState == .paused else {
            post("n steps one iteration while paused (space pauses)", at: now)
            return nil
        }
        return .engine(.step)
    }

    /// The hyperparameter rows the panel lists: the shared ones and those of the update rule shown.
    public var visibleFields: [HyperparameterField] {
        HyperparameterField.fields(for: current.hyperparameters?.updateRule ?? .sgd)
    }

    /// Moves the hyperparameter selection among the visible rows, wrapping around.
    mutating func selectField(by offset: Int) {
        let all = visibleFields, i = all.firstIndex(of: selectedField) ?? 0
        selectedField = all[(i + offset + all.count) % all.count]
    }

    /// After the update rule shown changed: a selected row the new rule does not read moves to the rule's row.
    mutating func keepSelectionVisible() {
        if !visibleFields.contains(selectedField) { selectedField = .updateRule }
    }

    /// `←`/`→`: the selected field one step down or up, sent to the engine when it changed.
    mutating func step(_ direction: Int, now: Double?) -> AppAction? {
        guard let hp = current.hyperparameters else { return nil }
        return request(selectedField.stepped(hp, direction: direction))
    }

    /// Shows `hp` as pending and returns the command that asks the engine for it (nil if nothing changed).
    mutating func request(_ hp: Hyperparameters) -> AppAction? {
        guard hp != current.hyperparameters else { return nil }
        current.request(hp)
        return .engine(.setHyperparameters(hp))
    }

    /// `[`/`]`: the next smoothing step down or up.
    mutating func stepSmoothing(_ direction: Int) {
        let steps = EMA.smoothingSteps
        let next = direction > 0 ? steps.first { $0 > view.smoothing } : steps.last { $0 < view.smoothing }
        view.smoothing = next ?? view.smoothing
    }

    /// `<`/`>`: the previous or next filter, zooming in on it.
    mutating func cycleFilter(_ direction: Int) {
        let count = max(1, current.filters?.count ?? 1)
        view.filterIndex = (view.filterIndex + direction + count) % count
        view.zoom = true
    }

    /// A key while typing an exact value: characters and Backspace edit, Enter commits, Esc cancels.
    mutating func edit(_ field: HyperparameterField, text: String, key: Key, now: Double?) -> AppAction? {
        switch key {
        case .character(let c):
            if text.count < 32 { mode = .editing(field, text: text + String(c)) }
        case .backspace: mode = .editing(field, text: String(text.dropLast()))
        case .escape: mode = .normal
        case .enter:
            mode = .normal
            guard let hp = current.hyperparameters, !text.isEmpty else { return nil }
            do {
                return request(try field.setting(text, in: hp))
            } catch {
                post("refused: \(error)", error: true, at: now)
            }
        default: break
        }
        return nil
    }
}
