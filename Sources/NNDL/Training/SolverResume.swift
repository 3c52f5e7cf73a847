import Foundation

extension Solver {
    // MARK: - Saving

    /// The resume entries of a checkpoint: `resume.<name>` for the current parameters and buffers,
    /// `resume.<name>.<state>` for each parameter's optimizer state, and the `state` JSON.
    func resumeArrays() -> [(name: String, npy: [UInt8])] {
        let p = stoppedParameters ?? model.parameters
        let b = model.buffers
        var out = zip(p.names + b.names, p.tensors + b.tensors).map { (name: ResumeState.prefix + $0, npy: NPY.encode($1)) }
        var steps: [String: Int] = [:]
        for (name, rule) in zip(p.names, rules) {
            steps[name] = rule.t
            let state = rule.stateTensors
            for key in UpdateRule<M.Scalar>.stateNames(for: rule.kind) {
                if let tensor = state[key] { out.append((ResumeState.prefix + name + "." + key, NPY.encode(tensor))) }
            }
        }
        let state = ResumeState(
            iteration: iteration, epoch: epoch, hyperparameters: hyperparameters, bestValAccuracy: bestValAccuracy,
            history: history, optimizerSteps: steps, rng: rng.state, maskRNG: model.maskRandomState?.state)
        out.append((ResumeState.entryName, NPY.encode(string: state.json)))
        return out
    }

    // MARK: - Restoring

    /// Continues from `checkpoint`: current parameters and buffers, optimizer state, counters, histories, the best
    /// parameters and the random states. Throws (changing nothing) when it has no resume state or another model's arrays.
    public mutating func restore(from checkpoint: some CheckpointArrays) throws {
        let state = try checkpoint.resumeState()
        let expected = model.parameters.names + model.buffers.names
        guard checkpoint.resumeTensorNames == Set(expected) else {
            throw CheckpointError.invalid(
                path: checkpoint.path,
                reason: "it holds \(checkpoint.resumeTensorNames.sorted()) but the model (\(model.summary)) has "
                    + "\(expected.sorted()); resume with the checkpoint's own config")
        }
        var next = self
        try next.setHyperparameters(state.hyperparameters)
        next.model.parameters = try Self.read(checkpoint, ResumeState.prefix, like: model.parameters)
        next.model.buffers = try Self.read(checkpoint, ResumeState.prefix, like: model.buffers)
        next.bestParameters = state.bestValAccuracy >= 0
            ? try Self.read(checkpoint, keepsFinalParameters ? Self.bestPrefix : "", like: model.parameters)
            : next.model.parameters
        for (i, (name, w)) in zip(model.parameters.names, model.parameters.tensors).enumerated() {
            var tensors: [String: Tensor<M.Scalar>] = [:]
            for key in UpdateRule<M.Scalar>.stateNames(for: next.rules[i].kind)
            where checkpoint.arrays[ResumeState.prefix + name + "." + key] != nil {
                tensors[key] = try checkpoint.exactTensor(ResumeState.prefix + name + "." + key, shape: w.shape, as: M.Scalar.self)
            }
            try next.rules[i].restore(state: tensors, t: state.optimizerSteps[name] ?? 0)
        }
        next.rng = try NumPyRandomState(state: state.rng)
        if let mask = state.maskRNG { next.model.maskRandomState = try NumPyRandomState(state: mask) }
        next.iteration = state.iteration
        next.epoch = state.epoch
        next.history = state.history
        next.bestValAccuracy = state.bestValAccuracy
        next.stoppedParameters = nil
        self = next
    }

    /// Starts from `checkpoint`'s parameters (by the model's names and shapes, converted to this solver's dtype) and
    /// its batchnorm running statistics when it has them; counters, histories and optimizer state stay fresh.
    /// Throws one line naming the first missing or misshapen array, changing nothing.
    public mutating func initialize(from checkpoint: some CheckpointArrays) throws {
        var next = self
        next.model.parameters = Parameters(try zip(model.parameters.names, model.parameters.tensors).map { name, t in
            (name, try checkpoint.tensor(name, shape: t.shape, as: M.Scalar.self))
        })
        next.model.buffers = Parameters(try zip(model.buffers.names, model.buffers.tensors).map { name, t in
            (name, checkpoint.arrays[name] == nil ? t : try checkpoint.tensor(name, shape: t.shape, as: M.Scalar.self))
        })
        next.bestParameters = next.model.parameters
        self = next
    }

    /// The arrays `prefix + name` for each of `like`'s names, with its shapes and this solver's dtype.
    private static func read(
        _ checkpoint: some CheckpointArrays, _ prefix: String, like: Parameters<M.Scalar>
    ) throws -> Parameters<M.Scalar> {
        Parameters(try zip(like.names, like.tensors).map { name, t in
            (name, try checkpoint.exactTensor(prefix + name, shape: t.shape, as: M.Scalar.self))
        })
    }
}
