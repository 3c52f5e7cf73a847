/// A bounded history of a per-iteration series: when it holds more than `capacity` buckets it merges
/// adjacent pairs (keeping mean, min and max) and doubles the samples each new bucket gathers, so memory
/// stays bounded, resolution stays uniform, and the newest value always sits in the last bucket.
/// The newest `recentCapacity` samples are also kept unmerged, for full-resolution recent windows.
public struct SeriesHistory: Sendable, Equatable {
    /// Samples of consecutive iterations summarised as one displayed point.
    public struct Bucket: Sendable, Equatable {
        /// The first iteration in the bucket.
        public var firstIteration: Int
        /// The last iteration in the bucket.
        public var lastIteration: Int
        /// Samples received (finite or not).
        public var samples: Int
        /// Finite samples, the weight of `mean`.
        public var finiteSamples: Int
        /// The mean of the finite samples (NaN when there are none).
        public var mean: Double
        /// The smallest finite sample (NaN when there are none).
        public var min: Double
        /// The largest finite sample (NaN when there are none).
        public var max: Double

        /// A bucket holding one sample.
        init(iteration: Int, value: Double) {
            let finite = value.isFinite
            firstIteration = iteration
            lastIteration = iteration
            samples = 1
            finiteSamples = finite ? 1 : 0
            mean = finite ? value : .nan
            min = mean
            max = mean
        }

        /// The iteration the bucket is drawn at: the middle of its range.
        public var iteration: Double { Double(firstIteration + lastIteration) / 2 }

        /// This bucket and the later `other` as one.
        func merged(with other: Bucket) -> Bucket {
            var out = self
            out.lastIteration = other.lastIteration
            out.samples += other.samples
            out.finiteSamples += other.finiteSamples
            if other.finiteSamples > 0 {
                if finiteSamples == 0 {
                    (out.mean, out.min, out.max) = (other.mean, other.min, other.max)
                } else {
                    let total = Double(out.finiteSamples)
                    out.mean = (mean * Double(finiteSamples) + other.mean * Double(other.finiteSamples)) / total
                    out.min = Swift.min(min, other.min)
                    out.max = Swift.max(max, other.max)
                }
            }
            return out
        }
    }

    /// The most buckets kept before pairs merge.
    public let capacity: Int
    /// Oldest first; never more than `capacity`.
    public private(set) var buckets: [Bucket] = []
    /// Samples each bucket gathers at the current resolution (doubles at every merge).
    public private(set) var samplesPerBucket = 1
    /// The newest sample as received.
    public private(set) var latest: (iteration: Int, value: Double)?
    /// Samples received in all.
    public private(set) var totalSamples = 0
    /// How many of the newest samples are kept unmerged.
    public let recentCapacity: Int
    /// The newest samples as one-sample buckets, a ring starting at `ringStart` once full.
    private var ring: [Bucket] = []
    private var ringStart = 0

    /// An empty history of at most `capacity` (≥ 2) buckets plus the newest `recentCapacity` raw samples.
    public init(capacity: Int = 4096, recentCapacity: Int = 2048) {
        precondition(capacity >= 2, "SeriesHistory: capacity must be at least 2.")
        self.capacity = capacity
        self.recentCapacity = max(1, recentCapacity)
        buckets.reserveCapacity(capacity + 1)
    }

    /// Records `value` at `iteration` (iterations arrive in increasing order).
    public mutating func append(iteration: Int, value: Double) {
        latest = (iteration, value)
        totalSamples += 1
        let sample = Bucket(iteration: iteration, value: value)
        if ring.count < recentCapacity {
            ring.append(sample)
        } else {
            ring[ringStart] = sample
            ringStart = (ringStart + 1) % recentCapacity
        }
        if let last = buckets.last, last.samples < samplesPerBucket {
            buckets[buckets.count - 1] = last.merged(with: sample)
        } else {
            buckets.append(sample)
        }
        if buckets.count > capacity { halveResolution() }
    }

    /// Merges adjacent pairs of buckets and doubles `samplesPerBucket`.
    mutating func halveResolution() {
        var merged: [Bucket] = []
        merged.reserveCapacity(capacity + 1)
        var i = 0
        while i < buckets.count {
            merged.append(i + 1 < buckets.count ? buckets[i].merged(with: buckets[i + 1]) : buckets[i])
            i += 2
        }
        buckets = merged
        samplesPerBucket *= 2
    }

    /// The index of the first bucket whose range reaches `iteration` or later (binary search).
    public func firstIndex(reaching iteration: Int) -> Int {
        var low = 0, high = buckets.count
        while low < high {
            let mid = (low + high) / 2
            if buckets[mid].lastIteration < iteration { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The iteration of the oldest sample still kept unmerged.
    public var oldestRecentIteration: Int? { ring.isEmpty ? nil : ring[ringStart].firstIteration }

    /// The unmerged samples after `iteration`, oldest first, as one-sample buckets.
    public func recentSamples(after iteration: Int) -> [Bucket] {
        let ordered = ring[ringStart...] + ring[..<ringStart]
        var low = 0, high = ordered.count
        while low < high {
            let mid = (low + high) / 2
            if ordered[ordered.startIndex + mid].lastIteration <= iteration { low = mid + 1 } else { high = mid }
        }
        return Array(ordered[(ordered.startIndex + low)...])
    }

    /// Same capacity, buckets, resolution and newest sample (NaN equals NaN here).
    public static func == (a: SeriesHistory, b: SeriesHistory) -> Bool {
        a.capacity == b.capacity && a.buckets == b.buckets && a.ring == b.ring && a.ringStart == b.ringStart && a.samplesPerBucket == b.samplesPerBucket
            && a.totalSamples == b.totalSamples && a.latest?.iteration == b.latest?.iteration
            && a.latest?.value.bitPattern == b.latest?.value.bitPattern
    }
}
