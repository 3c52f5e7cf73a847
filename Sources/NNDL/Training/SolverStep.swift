import Foundation

extension Solver {
    /// Runs one iteration: draw a minibatch, forward/backward, update every parameter, and check
    /// accuracies when the schedule says so. Throws `DivergedError` (parameters untouched) on a non-finite loss.
    public mutating func step() throws -> StepResult {
        stoppedParameters = nil
        drawMinibatch()
        // Dropout masks come from the minibatches' random state, in the order NumPy's global state gives them.
        let loss = Double(try model.loss(xBatch, yBatch, drawingFrom: &rng))
        guard loss.isFinite, model.gradients.allSatisfy(\.isFinite) else {
            throw DivergedError(iteration: iteration + 1, loss: loss)
        }
        let usedRate = learningRate
        // Once an epoch in float32, keep the weights from before the update to see which entries it could not move.
        let measure = M.Scalar.self == Float.self && !precisionWarned && iteration % iterationsPerEpoch == 0
        let before = measure ? model.parameters.tensors : []
        let measureHealth = healthRequested
        if measureHealth { healthProbe.remember(model.parameters) }
        for i in rules.indices {
            rules[i].update(&model.parameters.tensors[i], model.gradients[i])
        }
        if measure { lostUpdates = Self.lostUpdates(before: before, after: model.parameters, gradients: model.gradients) }
        // Measured before the accuracy checks, whose forward passes overwrite the minibatch's activations.
        var health = measureHealth ? healthReport(iteration: iteration + 1) : nil
        healthRequested = false
        history.loss.append(loss)
        iteration += 1
        let report = try scheduleChecks(completed: iteration)
        health?.warnings = options.healthRules.warnings(history)
        return StepResult(
            iteration: iteration, loss: loss, learningRate: usedRate, batchImages: indices.count, epoch: report,
            health: health)
    }

    /// Asks the next `step()` to measure training health and return it in `StepResult.health`.
    public mutating func measureHealthOnNextStep() {
        healthRequested = true
    }

    /// Fills `xBatch` and `yBatch` with `effectiveBatchSize` rows drawn from the training split.
    private mutating func drawMinibatch() {
        let batch = effectiveBatchSize
        if indices.count != batch { indices = [Int](repeating: 0, count: batch) }
        rng.choice(data.train.count, into: &indices)
        data.train.gather(indices, into: &xBatch)
        if yBatch.count != batch { yBatch = [Int](repeating: 0, count: batch) }
        let labels = data.train.labels
        for (j, i) in indices.enumerated() { yBatch[j] = labels[i] }
    }

    /// The weight figures of the update just made and the minibatch's dead ReLUs (warnings are added later).
    private func healthReport(iteration: Int) -> HealthReport {
        HealthReport(
            iteration: iteration, batchSize: indices.count,
            weights: healthProbe.measure(after: model.parameters, gradients: model.gradients),
            deadReLUs: model.deadReLUs(), warnings: [])
    }

    private mutating func scheduleChecks(completed t: Int) throws -> EpochReport? {
        switch options.style {
        case .notebook:
            // neural_net.py: `if it % iterations_per_epoch == 0` with it = t - 1 and a float epoch length.
            let perEpoch = max(Double(data.train.count) / Double(options.hyperparameters.batchSize), 1)
            guard (Double(t - 1)).truncatingRemainder(dividingBy: perEpoch) == 0 else { return nil }
            let report = try checkAccuracies(trainIndices: indices, epochNumber: epoch)
            epoch += 1
            decay()
            return report
        case .solver:
            let epochEnd = t % iterationsPerEpoch == 0
            if epochEnd {
                epoch += 1
                decay()
            }
            guard t == 1 || t == totalIterations || epochEnd else { return nil }
            let sample = data.train.count > options.numTrainSamples
                ? rng.choice(data.train.count, size: options.numTrainSamples) : nil
            return try checkAccuracies(trainIndices: sample, epochNumber: epoch)
        }
    }

    /// The weight matrix (a name starting with W) with the largest share of entries whose update was rounded away:
    /// a nonzero gradient, yet the entry did not change.
    static func lostUpdates(
        before: [Tensor<M.Scalar>], after: Parameters<M.Scalar>, gradients: [Tensor<M.Scalar>]
    ) -> (fraction: Double, name: String)? {
        var worst: (fraction: Double, name: String)?
        for (i, name) in after.names.enumerated() where name.hasPrefix("W") {
            let old = before[i].scalars, new = after.tensors[i].scalars, g = gradients[i].scalars
            var moving = 0, stuck = 0
            for j in 0..<old.count where g[j] != 0 {
                moving += 1
                if old[j] == new[j] { stuck += 1 }
            }
            guard moving > 0 else { continue }
            let fraction = Double(stuck) / Double(moving)
            if fraction > (worst?.fraction ?? 0) { worst = (fraction, name) }
        }
        return worst
    }

    /// The float32 warning for this check, once a run, when at least 1% of a weight matrix's updates were lost.
    mutating func precisionWarning() -> String? {
        guard !precisionWarned, let lost = lostUpdates, lost.fraction >= 0.01 else { return nil }
        precisionWarned = true
        let percent = String(format: "%.0f%%", 100 * lost.fraction)
        return "float32 lost precision: \(percent) of \(lost.name)'s updates near iteration \(iteration) were too small "
            + "for float32 and changed nothing (float64 keeps them); use model.dtype=float64 or a larger learning rate"
    }

    private mutating func decay() {
        learningRate *= options.hyperparameters.lrDecay
        for i in rules.indices { rules[i].config.learningRate = learningRate }
    }

    private mutating func checkAccuracies(trainIndices: [Int]?, epochNumber: Int) throws -> EpochReport {
        let started = DispatchTime.now().uptimeNanoseconds
        let trainAcc = try model.accuracy(on: data.train, indices: trainIndices)
        var valIndices: [Int]? = nil
        if let m = options.numValSamples, data.val.count > m { valIndices = rng.choice(data.val.count, size: m) }
        // One pass over the validation rows gives both the accuracy and the confusion matrix.
        let confusion = try model.confusionMatrix(on: data.val, indices: valIndices, classNames: data.classNames)
        let valAcc = confusion.accuracy
        history.trainAccuracy.append(trainAcc)
        history.valAccuracy.append(valAcc)
        history.checkIterations.append(iteration)
        if valAcc > bestValAccuracy {
            bestValAccuracy = valAcc
            bestParameters = model.parameters
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return EpochReport(
            epoch: epochNumber, totalEpochs: totalEpochs, iteration: iteration, trainAccuracy: trainAcc,
            valAccuracy: valAcc, bestValAccuracy: bestValAccuracy, learningRate: learningRate,
            evaluationSeconds: seconds, precisionWarning: precisionWarning(), confusion: confusion)
    }

    /// Puts the best-validation parameters back into the model (what `solver.train()` does at its end);
    /// the parameters training reached are kept for a checkpoint's resume state. The notebook style keeps its final
    /// parameters, as `TwoLayerNet.train` does.
    public mutating func restoreBestParameters() {
        guard bestValAccuracy >= 0, !keepsFinalParameters else { return }
        if stoppedParameters == nil { stoppedParameters = model.parameters }
        model.parameters = bestParameters
    }

    /// Runs every remaining iteration (the notebooks' `solver.train()`), then restores the best parameters.
    public mutating func train(onStep: (StepResult) -> Void = { _ in }) throws {
        while !isFinished { onStep(try step()) }
        restoreBestParameters()
    }
}
