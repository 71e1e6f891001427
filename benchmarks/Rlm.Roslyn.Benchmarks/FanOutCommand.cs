using System.Globalization;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// <c>fanout [--calls 64] [--concurrency 16] [--latency-ms 200] [--runs 5]</c>: a real RLM run whose one snippet calls
/// LlmMany over N prompts against a fake LM with a fixed latency, at the given concurrency and at concurrency 1, side
/// by side. The fan-out time is measured from the first sub-call's start event to the last one's completion event,
/// so compiling the snippet is not in it; the ideal is ceil(N / concurrency) rounds of the latency.
/// </summary>
internal static class FanOutCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int calls = 64, concurrency = 16, latencyMs = 200, runs = 5;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--calls": calls = value; break;
                case "--concurrency": concurrency = value; break;
                case "--latency-ms": latencyMs = value; break;
                case "--runs": runs = value; break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}; use --calls --concurrency --latency-ms --runs").ConfigureAwait(false);
                    return 2;
            }
        }

        var latency = TimeSpan.FromMilliseconds(latencyMs);
        var rounds = (calls + concurrency - 1) / concurrency;
        var ideal = rounds * latencyMs;
        var idealSequential = calls * latencyMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fan-out: LlmMany over {calls} prompts, fake LM latency {latencyMs} ms, {Environment.ProcessorCount} cores, .NET {Environment.Version}."));
        await MeasureAsync(calls, concurrency, latency).ConfigureAwait(false); // warm-up: Roslyn, the JIT

        var parallel = new List<double>();
        var maxInFlight = 0;
        for (var r = 0; r < runs; r++)
        {
            var (ms, inFlight) = await MeasureAsync(calls, concurrency, latency).ConfigureAwait(false);
            parallel.Add(ms);
            maxInFlight = Math.Max(maxInFlight, inFlight);
        }

        var (sequential, sequentialInFlight) = await MeasureAsync(calls, 1, latency).ConfigureAwait(false);
        parallel.Sort();
        var median = parallel[parallel.Count / 2];
        var ratio = median / ideal;
        Console.WriteLine();
        Console.WriteLine("| setting | runs | best ms | median ms | worst ms | ideal ms | median / ideal | most in flight |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| concurrency {concurrency} | {runs} | {parallel[0]:0} | {median:0} | {parallel[^1]:0} | {ideal} ({rounds} rounds) | {ratio:0.000} | {maxInFlight} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| concurrency 1 | 1 | {sequential:0} | {sequential:0} | {sequential:0} | {idealSequential} | {sequential / idealSequential:0.000} | {sequentialInFlight} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Speed-up over sequential: {sequential / median:0.0}x. Target: median <= 1.3x ideal: {(ratio <= 1.3 ? "met" : "NOT met")}."));
        return ratio <= 1.3 ? 0 : 1;
    }

    private static async Task<(double Milliseconds, int MaxInFlight)> MeasureAsync(int calls, int concurrency, TimeSpan latency)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"var answers = LlmMany(Enumerable.Range(0, {calls}).Select(i => $\"prompt {{i}}\"));\nPrint(answers.Count(a => a.StartsWith(\"echo\")));");
        var client = new LatencyChatClient(latency, $"```csharp\n{code}\n```");
        var engine = new RlmEngine(client, client, new RlmOptions { MaxConcurrency = concurrency });
        DateTimeOffset? first = null;
        DateTimeOffset last = default;
        string? output = null;
        await foreach (var e in engine.RunStreamingAsync("fan out", RlmContext.FromString("benchmark context")).ConfigureAwait(false))
        {
            switch (e)
            {
                case SubCallStartedEvent s:
                    first ??= s.Timestamp;
                    break;
                case SubCallCompletedEvent c:
                    last = c.Timestamp > last ? c.Timestamp : last;
                    break;
                case CodeOutputEvent o:
                    output = o.Output.Trim();
                    break;
            }
        }

        if (output != calls.ToString(CultureInfo.InvariantCulture) || client.Requests != calls)
        {
            throw new InvalidOperationException($"The run did not make {calls} good sub-calls: output '{output}', {client.Requests} requests.");
        }

        return ((last - first!.Value).TotalMilliseconds, client.MaxInFlight);
    }
}
