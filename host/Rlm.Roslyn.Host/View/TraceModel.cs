using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>
/// A run tree rebuilt from trace events: each RLM with its turns and code blocks, and each sub-call nested under the
/// code block that was running in its parent when it started (the engine emits a sub-call's start while its snippet runs).
/// </summary>
internal sealed class TraceModel
{
    private readonly Dictionary<string, TraceRun> _runs = new(StringComparer.Ordinal);

    private TraceModel()
    {
    }

    /// <summary>The root of the tree (path "0", or the first path seen when the trace starts elsewhere).</summary>
    public TraceRun? Root { get; private set; }

    /// <summary>The tree's usage after the last "usage" event, when there is one.</summary>
    public TraceUsage? ReportedTotal { get; private set; }

    public DateTimeOffset? Started { get; private set; }

    public DateTimeOffset? Ended { get; private set; }

    /// <summary>Events of a type the viewer does not know (a newer engine), counted and otherwise ignored.</summary>
    public int UnknownEvents { get; private set; }

    public static TraceModel Build(IEnumerable<JsonElement> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var model = new TraceModel();
        foreach (var e in events)
        {
            model.Add(e);
        }

        return model;
    }

    private void Add(JsonElement e)
    {
        var type = Str(e, "type") ?? "";
        var path = Str(e, "path") ?? "0";
        var depth = (int)(Num(e, "depth") ?? path.Count(c => c == '.'));
        if (e.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String && ts.TryGetDateTimeOffset(out var time))
        {
            Started ??= time;
            Ended = time;
        }

        switch (type)
        {
            case "run_started":
            {
                var run = RunAt(path, depth);
                run.Query = Str(e, "query");
                run.ContextChars = Num(e, "contextChars");
                run.DocumentCount = Num(e, "documentCount");
                break;
            }

            case "subcall_started":
            {
                var run = RunAt(path, depth);
                run.Kind = Str(e, "kind") ?? "llm";
                run.Query ??= Str(e, "prompt");
                run.PromptChars = Num(e, "promptChars");
                break;
            }

            case "prompt":
            {
                var turn = TurnOf(RunAt(path, depth), (int)(Num(e, "iteration") ?? 1), create: true)!;
                if (e.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
                {
                    turn.Prompt.AddRange(messages.EnumerateArray().Select(m => new PromptMessage(Str(m, "role") ?? "?", Str(m, "text") ?? "")));
                }

                break;
            }

            case "turn":
            {
                var turn = TurnOf(RunAt(path, depth), (int)(Num(e, "iteration") ?? 1), create: true)!;
                turn.Reply = Str(e, "text");
                turn.Usage = e.TryGetProperty("usage", out var usage) ? TraceUsage.From(usage) : default;
                break;
            }

            case "code":
            {
                var turn = TurnOf(RunAt(path, depth), (int)(Num(e, "iteration") ?? 1), create: true)!;
                turn.Snippets.Add(new TraceSnippet((int)(Num(e, "block") ?? turn.Snippets.Count), Str(e, "language") ?? "csharp", Str(e, "code") ?? ""));
                break;
            }

            case "output":
            {
                var turn = TurnOf(RunAt(path, depth), (int)(Num(e, "iteration") ?? 1), create: false);
                var block = (int)(Num(e, "block") ?? 0);
                if (turn?.Snippets.LastOrDefault(s => s.Block == block && s.Outcome is null) is { } snippet)
                {
                    snippet.Outcome = Str(e, "outcome") ?? "completed";
                    snippet.Output = Str(e, "output");
                    snippet.ElapsedMs = Dbl(e, "elapsedMs");
                }

                break;
            }

            case "session_reset":
                RunAt(path, depth).Turns.LastOrDefault()?.Notes.Add("Session reset: " + (Str(e, "reason") ?? "no reason given"));
                break;

            case "subcall_completed":
            {
                var run = RunAt(path, depth);
                run.Kind = Str(e, "kind") ?? run.Kind;
                run.Succeeded = e.TryGetProperty("succeeded", out var ok) && ok.ValueKind == JsonValueKind.True;
                run.Response = Str(e, "response");
                run.CallUsage = run.Kind == "llm" && e.TryGetProperty("usage", out var usage) ? TraceUsage.From(usage) : default;
                run.ElapsedMs = Dbl(e, "elapsedMs");
                break;
            }

            case "usage":
                if (path == Root?.Path && e.TryGetProperty("total", out var total))
                {
                    ReportedTotal = TraceUsage.From(total);
                }

                break;

            case "final":
            {
                var run = RunAt(path, depth);
                if (e.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object)
                {
                    run.Answer = Str(result, "answer");
                    run.Ending = Str(result, "ending") ?? "final";
                    run.Reason = Str(result, "reason");
                    if (result.TryGetProperty("elapsed", out var elapsed) && elapsed.ValueKind == JsonValueKind.String && TimeSpan.TryParse(elapsed.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var span))
                    {
                        run.ElapsedMs ??= span.TotalMilliseconds;
                    }

                    if (path == Root?.Path && result.TryGetProperty("usage", out var usage))
                    {
                        ReportedTotal = TraceUsage.From(usage);
                    }
                }

                break;
            }

            case "reply_delta":
                // The finished turn carries the whole reply.
                break;

            default:
                UnknownEvents++;
                break;
        }
    }

    private TraceRun RunAt(string path, int depth)
    {
        if (_runs.TryGetValue(path, out var run))
        {
            return run;
        }

        run = new TraceRun(path, depth);
        _runs[path] = run;
        if (Root is null)
        {
            Root = run;
            return run;
        }

        var cut = path.LastIndexOf('.');
        var parent = cut > 0 && _runs.TryGetValue(path[..cut], out var p) ? p : Root;
        var running = parent.Turns.LastOrDefault()?.Snippets.LastOrDefault(s => s.Outcome is null);
        if (running is not null)
        {
            running.SubCalls.Add(run);
        }
        else
        {
            parent.LooseSubCalls.Add(run);
        }

        return run;
    }

    private static TraceTurn? TurnOf(TraceRun run, int iteration, bool create)
    {
        var turn = run.Turns.LastOrDefault(t => t.Iteration == iteration);
        if (turn is null && create)
        {
            turn = new TraceTurn(iteration);
            run.Turns.Add(turn);
        }

        return turn;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static double? Dbl(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
