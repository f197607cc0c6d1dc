/// When the recorder may reach the network, as VCR tools name it.
public enum RecordMode: String, Sendable, CaseIterable {
    /// Replay the session only; never touch the network. A request not recorded is an error.
    case none
    /// Record a new session; if one is already there, replay it without touching the network.
    case once
    /// Replay what was recorded; forward and record requests not seen before.
    case newEpisodes = "new_episodes"
    /// Forward and record every request, replacing the session.
    case all
}
