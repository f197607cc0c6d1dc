extension Cassette {
    /// This cassette with its event delays replayed under `timing`, plus up to `jitter` more on
    /// each event drawn from `random` (so a seed repeats the same run).
    public func retimed(_ timing: Timing, jitter: Duration = .zero, random: SeededRandom? = nil) -> Cassette {
        var copy = self
        let delays = timing.apply(to: events.map(\.delay))
        for index in copy.events.indices {
            var delay = delays[index]
            if jitter > .zero, let random {
                delay += min(jitter, Checked.longestDuration) * random.unitInterval()
            }
            copy.events[index].delay = delay
        }
        return copy
    }
}
