import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import Synchronization

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Walk a notebook's cells and print each check beside the notebook's printed value.",
        discussion: "NAME is two-layer (the first notebook) or fc-nets (the FC notebook). Cells that need CIFAR-10 are "
            + "skipped, one line each, when it is absent. Exit status 1 when a check is outside the tolerance its "
            + "cell states, 2 for an unknown notebook or cell, 130 when interrupted.")

    @Argument(help: "two-layer or fc-nets.")
    var name: String

    @Option(help: "Run only this cell (e.g. toy-scores, affine-backward, overfit).")
    var only: String?

    @Option(help: "CIFAR-10 folder (binary or Python format); else $NNDL_CIFAR_DIR, else ./data/.")
    var data: String?

    @Flag(help: "Print every check as JSON (ours, the notebook's, the difference, the tolerance, passed).")
    var json = false

    func run() throws {
        guard let notebook = Notebook(rawValue: name) else {
            throw CLIError("unknown notebook '\(name)'; notebooks: " + Notebook.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var cells = notebook.cells
        if let only {
            guard let cell = notebook.cell(named: only) else {
                throw CLIError("unknown cell '\(only)' in \(name); cells: " + cells.map(\.name).joined(separator: ", "))
            }
            cells = [cell]
        }
        let stop = Atomic(false)
        let trap = SignalTrap { _ in stop.store(true, ordering: .relaxed) }
        defer { trap.cancel() }
        var data = NotebookData(directory: data, layout: notebook.layout) { stop.load(ordering: .relaxed) }
        let quiet = json
        let report: NotebookReport
        do {
            report = try walk(notebook, cells, &data, quiet: quiet)
        } catch let error as NotebookInterrupted {
            throw CLIError("\(error)", status: .interrupted)
        }
        if json { printOut(jsonText(NotebookJSON(notebook: name, report: report))) }
        if !json {
            let failed = report.checks.filter { !$0.passed }.count
            printOut(failed == 0
                ? "\(report.checks.count) checks, all within the notebook's tolerances"
                : "\(failed) of \(report.checks.count) checks outside the notebook's tolerances")
        }
        if !report.passed { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    /// Walks `cells`, printing each cell's heading, skip line and checks unless `quiet`.
    private func walk(_ notebook: Notebook, _ cells: [NotebookCell], _ data: inout NotebookData, quiet: Bool) throws -> NotebookReport {
        try notebook.walk(
            cells, data: &data,
            onCell: { cell in if !quiet { printOut("[\(cell.name)] \(cell.title)") } },
            onSkip: { cell, reason in if !quiet { printOut("[\(cell.name)] skipped: \(reason)") } },
            onCheck: { check in if !quiet { printOut("  " + check.line) } })
    }
}

/// `notebook --json`: every check, the skipped cells and whether all checks passed.
struct NotebookJSON: Encodable {
    struct Skipped: Encodable {
        var cell: String
        var reason: String
    }

    var notebook: String
    var checks: [NotebookCheckRecord]
    var skipped: [Skipped]
    var passed: Bool

    init(notebook: String, report: NotebookReport) {
        self.notebook = notebook
        checks = report.checks.map(NotebookCheckRecord.init)
        skipped = report.skipped.map { Skipped(cell: $0.cell, reason: $0.reason) }
        passed = report.passed
    }
}
