namespace Rlm.Roslyn.Host;

/// <summary>
/// The run tree as events arrive, for progress displays: which RLMs and sub-calls exist, what each is doing, tokens
/// and times. Fed from one thread at a time (callers lock it when they read from another).
/// </summary>
internal sealed class ProgressModel
{
    private const int LabelChars = 80;
    private readonly Dictionary<string, ProgressNode> _nodes = new(StringComparer.Ordinal);

    /// <summary>The root RLM, once its first event arrived.</summary>
    public ProgressNode? Root { get; private set; }

    /// <summary>The root's result once the run ended.</summary>
    public RlmResult? Result { get; private set; }

    /// <summary>LM calls of the whole tree so far.</summary>
    public long Calls { get; private set; }

    /// <summary>Tokens of the whole tree so far.</summary>
    public long Tokens { get; private set; }

    /// <summary>Cost of the whole tree so far in USD (0 when the run has no prices).</summary>
    public decimal CostUsd { get; private set; }

    public void Apply(RlmEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var node = NodeFor(e);
        switch (e)
        {
            case RunStartedEvent s:
                node.Label = OneLine(s.Query, LabelChars);
                node.Activity = "waiting for the model";
                break;
            case PromptEvent p:
                node.Turn = p.Iteration;
                node.ReplyChars = 0;
                node.Activity = $"turn {p.Iteration}: waiting for the model";
                break;
            case ReplyDeltaEvent d:
                node.Turn = d.Iteration;
                node.ReplyChars += d.Text.Length;
                node.Activity = $"turn {d.Iteration}: model writing ({node.ReplyChars:N0} chars)";
                break;
            case ModelReplyEvent r:
                node.Turn = r.Iteration;
                node.ReplyChars = 0;
                Count(node, r.Usage);
                node.Activity = $"turn {r.Iteration}: reply read";
                break;
            case CodeEvent c:
                node.Activity = $"turn {c.Iteration}: running block {c.Block + 1}";
                break;
            case CodeOutputEvent o:
                node.Activity = $"turn {o.Iteration}: block {o.Block + 1} {Describe(o.Outcome)}";
                break;
            case SessionResetEvent:
                node.Activity += " (session reset)";
                break;
            case SubCallStartedEvent s:
                node.Kind = s.Kind == SubCallKind.Recurse ? ProgressNodeKind.Child : ProgressNodeKind.Llm;
                node.Label = OneLine(s.Prompt, LabelChars);
                node.Started = s.Timestamp;
                node.Activity = s.Kind == SubCallKind.Recurse ? "starting" : "waiting for the sub-model";
                break;
            case SubCallCompletedEvent c:
                node.Ended = c.Timestamp;
                node.Succeeded = c.Succeeded;
                node.Result = OneLine(c.Response, LabelChars);
                node.Activity = c.Succeeded ? "done" : "failed";
                if (c.Kind == SubCallKind.Llm)
                {
                    Count(node, c.Usage);
                }

                break;
            case FinalEvent f:
                node.Ended = f.Timestamp;
                node.Succeeded = f.Result.Ending != RlmEnding.Error;
                node.Result = OneLine(f.Result.Answer.Length > 0 ? f.Result.Answer : f.Result.Reason ?? "", LabelChars);
                node.Activity = f.Result.Ending switch
                {
                    RlmEnding.Final => $"answered after {f.Result.Iterations} turn(s)",
                    RlmEnding.IterationLimit => $"stopped at the iteration cap ({f.Result.Iterations} turns)",
                    _ => "failed",
                };
                if (node == Root)
                {
                    Result = f.Result;
                }

                break;
        }
    }

    /// <summary>Folds text onto one line and shortens it to <paramref name="max"/> chars.</summary>
    public static string OneLine(string? text, int max)
    {
        var flat = string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
    }

    private static string Describe(SnippetOutcome outcome) => outcome switch
    {
        SnippetOutcome.Completed => "done",
        SnippetOutcome.CompileError => "did not compile",
        SnippetOutcome.RuntimeError => "threw",
        SnippetOutcome.Timeout => "timed out",
        _ => "stopped by a limit",
    };

    private void Count(ProgressNode node, RlmUsage usage)
    {
        node.Calls += usage.Calls;
        node.Tokens += usage.TotalTokens;
        Calls += usage.Calls;
        Tokens += usage.TotalTokens;
        CostUsd += usage.CostUsd;
    }

    private ProgressNode NodeFor(RlmEvent e)
    {
        if (_nodes.TryGetValue(e.Path, out var node))
        {
            return node;
        }

        node = new ProgressNode(e.Path, e.Depth, Root is null ? ProgressNodeKind.Root : ProgressNodeKind.Child, e.Timestamp);
        _nodes[e.Path] = node;
        if (Root is null)
        {
            Root = node;
            return node;
        }

        var cut = e.Path.LastIndexOf('.');
        var parent = cut > 0 && _nodes.TryGetValue(e.Path[..cut], out var p) ? p : Root;
        parent.Children.Add(node);
        return node;
    }
}
