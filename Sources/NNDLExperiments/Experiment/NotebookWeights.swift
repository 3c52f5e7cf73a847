import NNDL

/// Weights saved from the notebooks, brought into the layout nndl-tui's nets use.
enum NotebookWeights {
    /// `arrays` with the first notebook's `W1`/`W2` in nndl-tui's (ECE) layout, W1 H×D and W2 C×H: the CS231n layout
    /// (W1 D×H, W2 H×C) is recognised from the shapes and transposed. Other models' arrays are returned as they are
    /// (their shapes are checked where the net is built). Throws one line naming the array and the shapes expected.
    static func normalized(_ arrays: [String: NPYArray], for config: ExperimentConfig, path: String) throws -> [String: NPYArray] {
        guard config.model.kind == .twoLayerNet else { return arrays }
        let (d, c) = config.dataDimensions, h = config.model.hiddenDims[0]
        func array(_ name: String) throws -> NPYArray {
            guard let a = arrays[name], a.doubles != nil else {
                throw CheckpointError.invalid(
                    path: path, reason: "missing float array '\(name)': the first notebook's TwoLayerNet has W1, b1, W2, b2")
            }
            return a
        }
        let w1 = try array("W1"), w2 = try array("W2")
        _ = (try array("b1"), try array("b2"))
        let ece = (w1: [h, d], w2: [c, h]), cs231n = (w1: [d, h], w2: [h, c])
        if w1.shape == ece.w1 && (w1.shape != cs231n.w1 || w2.shape == ece.w2) { return arrays }
        guard w1.shape == cs231n.w1 else {
            throw CheckpointError.invalid(
                path: path, reason: "'W1' has shape \(w1.shape), expected \(ece.w1) (ECE layout, W1 is H×D) or "
                    + "\(cs231n.w1) (CS231n layout, D×H) for \(config.name)'s \(d)-\(h)-\(c) net")
        }
        guard w2.shape == cs231n.w2 else {
            throw CheckpointError.invalid(
                path: path, reason: "'W2' has shape \(w2.shape), expected \(cs231n.w2) like W1's CS231n layout (H×C)")
        }
        var out = arrays
        out["W1"] = transposed(w1)
        out["W2"] = transposed(w2)
        return out
    }

    /// A 2-D array's transpose, as float64.
    static func transposed(_ a: NPYArray) -> NPYArray {
        let (rows, columns) = (a.shape[0], a.shape[1]), values = a.doubles!
        var out = [Double](repeating: 0, count: values.count)
        for r in 0..<rows { for k in 0..<columns { out[k * rows + r] = values[r * columns + k] } }
        return NPYArray(shape: [columns, rows], dtype: "<f8", doubles: out)
    }
}
