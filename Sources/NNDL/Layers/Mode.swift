/// Whether a layer runs as in training (batch statistics, random masks) or at test time.
public enum Mode: Sendable, Equatable {
    case train, test
}
