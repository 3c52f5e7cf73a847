import Foundation
import NNDL

/// The notebooks `nndl-tui notebook` walks, cell by cell.
public enum Notebook: String, CaseIterable, Sendable {
    /// The ECE C147 two-layer neural network workbook (the first notebook).
    case twoLayer = "two-layer"
    /// The fully-connected networks workbook (the FC notebook).
    case fcNets = "fc-nets"

    /// The cells with checks, in the notebook's order.
    public var cells: [NotebookCell] {
        switch self {
        case .twoLayer: return TwoLayerNotebook.cells
        case .fcNets: return FCNotebook.cells
        }
    }

    /// The row layout the notebook's data cells use: HWC rows for the first, (3, 32, 32) images for the FC notebook.
    public var layout: ImageLayout { self == .twoLayer ? .hwc : .chw }
}

/// A cell of a notebook that prints checks: its name (for `--only`), its heading and what it runs.
public struct NotebookCell: Sendable {
    /// The name `--only` takes, e.g. `toy-scores`.
    public let name: String
    /// The notebook's heading for the cell.
    public let title: String
    /// Whether the cell needs CIFAR-10 (skipped, with one line, when it is absent).
    public let needsData: Bool
    /// Runs the cell and returns its checks in the order the cell prints them.
    public let run: @Sendable (inout NotebookData) throws -> [NotebookCheck]
}

/// The notebook's CIFAR-10, loaded on first use and prepared once in the notebook's layout
/// (`get_CIFAR10_data()`: 49000 / 1000 / 1000 rows, the training mean subtracted).
public struct NotebookData: Sendable {
    /// `--data`, or nil to look in `$NNDL_CIFAR_DIR` and `./data`.
    public let directory: String?
    /// The layout the splits are prepared in.
    public let layout: ImageLayout
    /// Asked between cells and between training iterations: true ends the walk with `NotebookInterrupted`.
    public let shouldStop: @Sendable () -> Bool
    private var prepared: DataSplits?

    /// Data for a notebook with rows in `layout`, from `directory` (nil: the usual places).
    public init(directory: String?, layout: ImageLayout, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.directory = directory
        self.layout = layout
        self.shouldStop = shouldStop
    }

    /// Throws `NotebookInterrupted` once `shouldStop` says so.
    public func checkStop() throws(NotebookInterrupted) {
        if shouldStop() { throw NotebookInterrupted() }
    }

    /// Where CIFAR-10 is, or nil when it is nowhere to be found (data cells are then skipped).
    public var folder: URL? { try? CIFAR10.locate(explicit: directory) }

    /// The notebook's splits, loaded on the first call.
    public mutating func splits() throws -> DataSplits {
        if let prepared { return prepared }
        var options = CIFARPreprocessing()
        options.layout = layout
        let loaded = try CIFAR10.load(from: try CIFAR10.locate(explicit: directory)).prepare(options)
        prepared = loaded
        return loaded
    }
}

/// The walk was stopped (Ctrl-C or SIGTERM) before it finished.
public struct NotebookInterrupted: Error, Equatable, CustomStringConvertible {
    public var description: String { "notebook interrupted" }
}

/// What a walk through a notebook printed: the checks that ran and the cells skipped for want of data.
public struct NotebookReport: Sendable {
    /// Every check, in order.
    public var checks: [NotebookCheck] = []
    /// (cell, reason) for each data cell skipped.
    public var skipped: [(cell: String, reason: String)] = []

    /// Whether every check that ran is within its tolerance.
    public var passed: Bool { checks.allSatisfy(\.passed) }
}

extension Notebook {
    /// The cell called `name`, or nil.
    public func cell(named name: String) -> NotebookCell? { cells.first { $0.name == name } }

    /// Runs `cells` (all by default) in order on `data`, calling `onCell` before each cell and `onCheck` after each
    /// check so a caller can print as the walk goes. Data cells are skipped when CIFAR-10 is absent.
    public func walk(
        _ selected: [NotebookCell]? = nil, data: inout NotebookData,
        onCell: (NotebookCell) -> Void = { _ in }, onSkip: (NotebookCell, String) -> Void = { _, _ in },
        onCheck: (NotebookCheck) -> Void = { _ in }
    ) throws -> NotebookReport {
        var report = NotebookReport()
        let available = data.folder != nil
        for cell in selected ?? cells {
            try data.checkStop()
            if cell.needsData && !available {
                let reason = "CIFAR-10 not found (--data DIR, $NNDL_CIFAR_DIR or ./data/cifar-10-batches-bin)"
                report.skipped.append((cell.name, reason))
                onSkip(cell, reason)
                continue
            }
            onCell(cell)
            for check in try cell.run(&data) {
                report.checks.append(check)
                onCheck(check)
            }
        }
        return report
    }
}
