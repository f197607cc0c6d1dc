/// A failure while the command runs (a port in use, a file that cannot be read or written):
/// printed as one `Error: …` line, without the usage text a mistyped flag gets, and exit 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
