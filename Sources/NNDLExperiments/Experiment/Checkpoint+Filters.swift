import NNDL

extension Checkpoint {
    /// The stored (best-validation) `W1` as one filter per hidden unit, in the config's image layout: the picture the
    /// dashboard draws. twoLayerNet stores W1 as (H, D), fullyConnected as (D, H); D must be 32·32·3.
    /// The snapshot's iteration is 0: the checkpoint does not record when its best parameters were taken.
    public func firstLayerFilters() throws -> FilterSnapshot {
        guard let w = arrays["W1"], let values = w.doubles else {
            throw CheckpointError.invalid(path: path, reason: "missing float array 'W1'")
        }
        let m = config.model, notebook = m.kind == .twoLayerNet
        let hidden = m.hiddenDims.first ?? 0
        guard w.shape.count == 2, w.shape[notebook ? 0 : 1] == hidden else {
            let expected = notebook ? "[\(hidden), D]" : "[D, \(hidden)]"
            throw CheckpointError.invalid(
                path: path, reason: "'W1' has shape \(w.shape), expected \(expected) for a \(m.kind.rawValue)")
        }
        let inputs = w.shape[notebook ? 1 : 0]
        let image = ImageShape.cifar(config.imageLayout)
        guard inputs == image.dimension else {
            throw CheckpointError.invalid(
                path: path, reason: "W1 has \(inputs) inputs, not 32×32×3 images: no filters to draw")
        }
        var filters = values.map { Float($0) }
        if !notebook {
            for d in 0..<inputs {
                for h in 0..<hidden { filters[h * inputs + d] = Float(values[d * hidden + h]) }
            }
        }
        return FilterSnapshot(iteration: 0, image: image, count: hidden, values: filters)
    }
}
