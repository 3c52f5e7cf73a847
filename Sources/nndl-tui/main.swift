import NNDL
// Replaced by the command line (issue 4).
print("nndl-tui: engine \(DType.float64.rawValue)")
