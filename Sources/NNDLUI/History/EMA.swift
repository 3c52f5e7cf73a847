import Foundation

/// TensorBoard's debiased exponential moving average.
public enum EMA {
    /// The smoothing values `[` and `]` step through.
    public static let smoothingSteps: [Double] = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]

    /// values (n) → smoothed (n): ema_t = s·ema + (1−s)·x, shown as ema / (1 − s^t).
    ///
    /// A point that stands for k samples (`weights[i] = k`, from a merged history) counts as k equal samples:
    /// ema = s^k·ema + (1−s^k)·x and t grows by k, so the smoothing keeps its per-sample meaning after merges.
    /// Non-finite values (and zero weights) are skipped: the previous smoothed value is repeated (NaN before any).
    public static func debiased(_ values: [Double], weights: [Int]? = nil, smoothing s: Double) -> [Double] {
        precondition(weights == nil || weights!.count == values.count, "EMA: one weight per value.")
        precondition(s >= 0 && s < 1, "EMA: smoothing must be in [0, 1).")
        var out = [Double](repeating: .nan, count: values.count)
        var ema = 0.0, decayedTotal = 1.0, last = Double.nan
        var powerOf = (k: 1, value: s)  // s^k for the last weight seen; merged histories repeat one weight
        for (i, x) in values.enumerated() {
            let k = weights?[i] ?? 1
            if x.isFinite && k > 0 {
                if k != powerOf.k { powerOf = (k, pow(s, Double(k))) }
                let sk = powerOf.value
                ema = sk * ema + (1 - sk) * x
                decayedTotal *= sk
                let debias = 1 - decayedTotal
                last = debias > 0 ? ema / debias : x
            }
            out[i] = last
        }
        return out
    }
}
