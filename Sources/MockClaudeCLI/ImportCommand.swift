import ArgumentParser
import MockClaude
import MockClaudeRecorder

/// `mockclaude import FILE.har --out DIR`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a HAR capture's Messages and Batches exchanges into cassettes.",
        discussion: """
            Captures people already have (browser devtools "Save all as HAR", Proxyman, Charles,
            mitmproxy's HAR export) hold whole exchanges. Each POST /v1/messages (and Batches call)
            with its response body becomes DIR/<har name>-<entry>.sse: SSE bodies cut into events,
            spread over the exchange's receive time (a HAR keeps one timing per exchange), other
            bodies kept whole. Secrets are removed as the recorder removes them: x-api-key,
            authorization, cookies and anthropic-organization-id never reach disk. Entries that
            are not API calls, or hold no body, are listed with the reason and left out.

            Example:
              mockclaude import capture.har --out Cassettes/imported
              mockclaude validate Cassettes/imported/*.sse
              mockclaude serve --cassette Cassettes/imported/capture-3.sse
            """
    )

    @Argument(help: ArgumentHelp("The HAR file.", valueName: "file.har"))
    var file: String

    @Option(help: ArgumentHelp("The folder the cassettes are written to (created if needed).", valueName: "dir"))
    var out: String

    @OptionGroup var redaction: RedactionOptions

    func run() throws {
        let importer = HARImporter(redactor: redaction.redactor)
        let report: HARImporter.Report
        do {
            report = try importer.importFile(file, into: out)
        } catch {
            throw CLIError("\(error)")
        }
        for written in report.written { print("wrote \(written.path) (entry \(written.entry): \(written.summary))") }
        for skipped in report.skipped { print("skipped entry \(skipped.entry): \(skipped.reason)") }
        guard !report.written.isEmpty else {
            throw CLIError("\(file): no Messages or Batches exchange with a response body; nothing was written")
        }
        print(
            "\(report.written.count) cassette\(report.written.count == 1 ? "" : "s") written, \(report.skipped.count) entr\(report.skipped.count == 1 ? "y" : "ies") skipped"
        )
    }
}
