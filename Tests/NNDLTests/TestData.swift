import Foundation

/// Where tests find data that is not in the repository.
enum TestData {
    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The real CIFAR-10 binary folder: `$NNDL_CIFAR_DIR`, else `../shared/data/cifar-10-batches-bin` beside the package.
    static var cifarDirectory: URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["NNDL_CIFAR_DIR"], fm.fileExists(atPath: env) {
            return URL(fileURLWithPath: env)
        }
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/cifar-10-batches-bin")
        return fm.fileExists(atPath: shared.path) ? shared : nil
    }
}
