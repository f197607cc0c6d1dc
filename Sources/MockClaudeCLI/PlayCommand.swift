import ArgumentParser
import Foundation
import MockClaude

struct PlayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Print a cassette's text to the terminal at its recorded pace.",
        discussion: """
            Shows what a cassette holds as a client would see it: text as it streams, thinking and tool
            input marked, then the stop reason and usage. Use --timing instant to print at once.

            Example:
              mockclaude play Cassettes/tool_use.sse --timing x2
            """
    )

    @Argument(help: ArgumentHelp("The cassette to play.", valueName: "file"))
    var file: String

    @OptionGroup var timing: TimingOption

    func run() async throws {
        let cassette = try CassetteLoading.load([file])[0]
        let timing = timing.timing ?? .recorded
        var currentBlock = ""
        for event in cassette.retimed(timing).events {
            let delay = event.delay
            if delay > .zero { try await Task.sleep(for: delay) }
            guard let json = event.json else { continue }
            switch json["type"]?.stringValue {
            case "content_block_start":
                let type = json["content_block"]?["type"]?.stringValue ?? "?"
                currentBlock = type
                switch type {
                case "thinking": emit("[thinking] ")
                case "tool_use", "server_tool_use": emit("[\(type) \(json["content_block"]?["name"]?.stringValue ?? "?")] ")
                case "text": break
                default: emit("[\(type)]")
                }
            case "content_block_delta":
                let delta = json["delta"]
                emit(delta?["text"]?.stringValue ?? delta?["thinking"]?.stringValue ?? delta?["partial_json"]?.stringValue ?? "")
            case "content_block_stop":
                emit(currentBlock == "text" ? "\n" : "\n\n")
            case "message_delta":
                let reason = json["delta"]?["stop_reason"]?.stringValue ?? "none"
                let output = json["usage"]?["output_tokens"]?.intValue.map(String.init) ?? "?"
                emit("[stop_reason: \(reason), output_tokens: \(output)]\n")
            case "error":
                emit("\n[error \(json["error"]?["type"]?.stringValue ?? "?"): \(json["error"]?["message"]?.stringValue ?? "")]\n")
            default:
                break
            }
        }
    }

    private func emit(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
