namespace Rlm.Roslyn.Benchmarks;

/// <summary>What one soak session leaves behind: a weak handle on its load context and its timings, nothing else.</summary>
/// <param name="LoadContext">Weak handle on the disposed session's load context.</param>
/// <param name="StepMilliseconds">Wall time of RunAsync for the timed trivial step.</param>
/// <param name="SessionMilliseconds">Wall time from creating the session to disposing it.</param>
/// <param name="Failures">Snippets that did not complete.</param>
/// <param name="FirstFailure">What the first of them reported, if any.</param>
internal sealed record SoakSessionRun(WeakReference LoadContext, double StepMilliseconds, double SessionMilliseconds, int Failures, string? FirstFailure);
