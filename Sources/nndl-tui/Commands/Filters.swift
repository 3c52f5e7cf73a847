import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

struct Filters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a checkpoint's W1 filters as a PNG grid (the notebook's visualize_grid + imshow).")

    enum Scaling: String, ExpressibleByArgument, CaseIterable {
        case perFilter = "per-filter", global

        var value: FilterScaling { self == .perFilter ? .perFilter : .global }
    }

    /// The longest side a written picture may have.
    static let maxSide = 8192

    @OptionGroup var weights: WeightsModelOption

    @Option(help: "The .npz checkpoint written by train, or a run folder (runs/NAME: its newest run); its best-validation W1 is drawn.",
            completion: .npzFiles)
    var checkpoint: String

    @Option(help: "The PNG file to write (written atomically).")
    var out: String

    @Option(help: "per-filter: each filter min–max scaled on its own (the notebook); global: one min–max for all.")
    var scaling: Scaling = .perFilter

    @Option(help: "Pixels per weight (nearest neighbour), 1–64.")
    var scale = 4

    @Option(help: "Black pixels between filters, 0–16 (default: the notebook's show_net_weights, 3).")
    var padding = FilterImage.notebookPadding

    func run() throws {
        guard (1...64).contains(scale) else { throw CLIError("--scale: expected an integer in 1...64, got \(scale)") }
        guard (0...16).contains(padding) else { throw CLIError("--padding: expected an integer in 0...16, got \(padding)") }
        let snapshot = try Checkpoint.load(RunFolder.checkpoint(checkpoint), model: try weights.model()).firstLayerFilters()
        let grid = FilterImage.grid(of: snapshot, scaling: scaling.value, padding: padding)
        let (width, height) = (grid.width * scale, grid.height * scale)
        guard max(width, height) <= Self.maxSide else {
            throw CLIError("--scale \(scale) makes a \(width)×\(height) picture; the limit is \(Self.maxSide) pixels a side")
        }
        let image = scale == 1 ? grid : grid.resized(width: width, height: height)
        try AtomicFile.write(PNG.encode(rgb: image.bytes, width: width, height: height), to: out)
        printOut("wrote \(out) (\(grid.width)×\(grid.height) ×\(scale) = \(width)×\(height), \(snapshot.count) filters)")
    }
}
