import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download CIFAR-10 (binary format) into ./data with a progress bar, verify its md5, and unpack it.")

    @Option(help: "Folder to put cifar-10-batches-bin in.")
    var destination = "data"

    @Option(help: "Archive URL (a mirror of cifar-10-binary.tar.gz).")
    var url = CIFARDownload.officialURL.absoluteString

    @Option(help: "Expected md5 of the archive.")
    var md5 = CIFARDownload.officialMD5

    func run() throws {
        guard let source = URL(string: url), source.scheme != nil else { throw CLIError("--url: not a URL: \(url)") }
        printError("downloading \(source.absoluteString)")
        let interactive = isatty(2) == 1
        let folder = try CIFARDownload.run(url: source, md5: md5, destination: destination) { progress in
            if interactive {
                FileHandle.standardError.write(Data(("\r" + progress.line() + "   ").utf8))
            }
        }
        if interactive { printError("") }
        printError("CIFAR-10 ready in \(folder.path)")
    }
}
