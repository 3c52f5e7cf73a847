/// How the validation rows of one accuracy check were classified: `self[truth, predicted]` counts the rows of true
/// class `truth` that the model put in class `predicted`.
public struct ConfusionMatrix: Sendable, Equatable {
    /// One name per class (row and column), from `batches.meta` for CIFAR-10.
    public let classNames: [String]
    /// C × C counts, row-major: `counts[truth * C + predicted]`.
    public let counts: [Int]

    /// A matrix from its row-major C × C counts.
    public init(classNames: [String], counts: [Int]) {
        precondition(counts.count == classNames.count * classNames.count, "ConfusionMatrix: counts must be C × C.")
        self.classNames = classNames
        self.counts = counts
    }

    /// The matrix of `predictions` against `labels` (parallel arrays, every value in `0..<classNames.count`).
    public init(classNames: [String], labels: [Int], predictions: [Int]) {
        precondition(labels.count == predictions.count, "ConfusionMatrix: one prediction per label.")
        let c = classNames.count
        var counts = [Int](repeating: 0, count: c * c)
        for (t, p) in zip(labels, predictions) {
            precondition(t >= 0 && t < c && p >= 0 && p < c, "ConfusionMatrix: class \(t) or \(p) is outside 0..<\(c).")
            counts[t * c + p] += 1
        }
        self.init(classNames: classNames, counts: counts)
    }

    /// The number of classes C.
    public var classCount: Int { classNames.count }

    /// Rows of true class `truth` predicted as `predicted`.
    public subscript(truth: Int, predicted: Int) -> Int { counts[truth * classCount + predicted] }

    /// The rows of true class `truth`: the row's sum.
    public func rows(ofClass truth: Int) -> Int {
        counts[(truth * classCount)..<((truth + 1) * classCount)].reduce(0, +)
    }

    /// All rows counted.
    public var total: Int { counts.reduce(0, +) }

    /// Rows classified correctly: the trace.
    public var correct: Int { (0..<classCount).reduce(0) { $0 + self[$1, $1] } }

    /// correct / total (0 when empty): the validation accuracy the check reports.
    public var accuracy: Double { total > 0 ? Double(correct) / Double(total) : 0 }

    /// The share of class `truth`'s rows classified correctly (its recall), or nil when the class has no rows.
    public func accuracy(ofClass truth: Int) -> Double? {
        let n = rows(ofClass: truth)
        return n > 0 ? Double(self[truth, truth]) / Double(n) : nil
    }
}
