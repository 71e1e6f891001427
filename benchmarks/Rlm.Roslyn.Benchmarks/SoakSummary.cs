namespace Rlm.Roslyn.Benchmarks;

/// <summary>Everything the soak's verdict is judged on.</summary>
/// <param name="Options">The soak's settings.</param>
/// <param name="Checkpoints">Measurements in order; the first is after warm-up, before any session.</param>
/// <param name="StepMilliseconds">Timed warm steps of the counted sessions, sorted.</param>
/// <param name="SessionMilliseconds">Whole-session times of the counted sessions, sorted.</param>
/// <param name="Failures">Snippets that did not complete.</param>
/// <param name="FirstFailure">What the first of them reported, if any.</param>
/// <param name="ExtraAssemblies">Assemblies loaded at the end that were not loaded after session 1: name, load context, collectible or not.</param>
/// <param name="AnyExtraCollectible">Whether any of them lives in a collectible load context (a session's).</param>
internal sealed record SoakSummary(
    SoakOptions Options,
    IReadOnlyList<SoakCheckpoint> Checkpoints,
    IReadOnlyList<double> StepMilliseconds,
    IReadOnlyList<double> SessionMilliseconds,
    int Failures,
    string? FirstFailure,
    IReadOnlyList<string> ExtraAssemblies,
    bool AnyExtraCollectible);
