extension RunSummary {
    /// Writes this summary to `path` as pretty, sorted JSON with a final newline (`result.json`), atomically: the
    /// folder is created, and a reader sees the old file or the new one, never a part.
    public func write(to path: String) throws {
        try AtomicFile.write(Array((jsonText(self, pretty: true) + "\n").utf8), to: path)
    }
}
