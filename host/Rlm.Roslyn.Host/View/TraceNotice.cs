namespace Rlm.Roslyn.Host;

/// <summary>A trace line the viewer skipped, and why.</summary>
/// <param name="Line">1-based line number in the trace file.</param>
/// <param name="Message">What was wrong with it.</param>
internal readonly record struct TraceNotice(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
