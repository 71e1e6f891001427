using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Telemetry;

public sealed class RlmActivitiesTests
{
    private static readonly RlmContext Haystack = RlmContext.FromString(
        string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i} says nothing\n")), "haystack.txt");

    [Fact]
    public async Task RunAsync_WithListener_EmitsRunTurnSnippetAndSubCallActivitiesNestedLikeTheRecursion()
    {
        using var test = new ActivityCapture();
        var root = new ScriptedChatClient(
            Code.Reply("var a = Llm(\"plain\");\nvar b = Recurse(\"child question\", Context.Slice(0, 200));\nPrint(a + b);"),
            "FINAL(done)");
        var sub = new ScriptedChatClient(messages =>
            messages[0].Role == ChatRole.System
                ? (!messages.Any(m => m.Role == ChatRole.Assistant) ? Code.Reply("Final(Context.Length);") : "FINAL(unexpected)")
                : "llm answer");

        var result = await new RlmEngine(root, sub, new RlmOptions { MaxDepth = 1 }).RunAsync("q", Haystack);

        result.Answer.Should().Be("done");
        var spans = test.Stop();
        spans.Select(a => a.OperationName).Should().OnlyContain(n => n.StartsWith("rlm.", StringComparison.Ordinal));

        var run = spans.Should().ContainSingle(a => a.OperationName == RlmTelemetry.RunActivityName && Tag(a, "rlm.path") == "0").Subject;
        run.ParentSpanId.Should().Be(test.Parent.SpanId, "the caller's activity is the run's parent");
        Tag(run, "rlm.ending").Should().Be("Final");
        Tag(run, "rlm.iterations").Should().Be("2");
        Tag(run, "rlm.context.chars").Should().Be(Haystack.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var turns = ChildrenOf(spans, run, RlmTelemetry.TurnActivityName);
        turns.Select(t => Tag(t, "rlm.iteration")).Should().Equal("1", "2");
        Tag(turns[0], "rlm.code_blocks").Should().Be("1");
        Tag(turns[0], "gen_ai.usage.output_tokens").Should().NotBeNull();

        var snippet = ChildrenOf(spans, turns[0], RlmTelemetry.SnippetActivityName).Should().ContainSingle().Subject;
        Tag(snippet, "rlm.snippet.outcome").Should().Be("Completed");
        Tag(snippet, "rlm.block").Should().Be("0");

        var subCalls = ChildrenOf(spans, snippet, RlmTelemetry.SubCallActivityName);
        subCalls.Select(s => (Tag(s, "rlm.path"), Tag(s, "rlm.sub_call.kind"), Tag(s, "rlm.depth"))).Should().Equal(("0.1", "Llm", "1"), ("0.2", "Recurse", "1"));
        subCalls.Should().OnlyContain(s => Tag(s, "rlm.sub_call.succeeded") == "True");

        var child = ChildrenOf(spans, subCalls[1], RlmTelemetry.RunActivityName).Should().ContainSingle().Subject;
        Tag(child, "rlm.path").Should().Be("0.2");
        Tag(child, "rlm.context.chars").Should().Be("200");
        var childTurn = ChildrenOf(spans, child, RlmTelemetry.TurnActivityName).Should().ContainSingle().Subject;
        ChildrenOf(spans, childTurn, RlmTelemetry.SnippetActivityName).Should().ContainSingle();
        spans.Should().HaveCount(9, "run, 2 turns, snippet, 2 sub-calls, child run, child turn, child snippet");
        spans.Should().OnlyContain(a => a.Duration > TimeSpan.Zero, "every activity was stopped");
    }

    [Fact]
    public async Task RunAsync_FailingSnippetAndSubCall_MarkTheirActivitiesAsErrors()
    {
        using var test = new ActivityCapture();
        var root = new ScriptedChatClient(Code.Reply("Print(Llm(\"x\"));\nthrow new InvalidOperationException(\"boom\");"), "FINAL(ok)");
        var sub = new ScriptedChatClient(_ => throw new HttpRequestException("down"));

        await new RlmEngine(root, sub).RunAsync("q", Haystack);

        var spans = test.Stop();
        var snippet = spans.Should().ContainSingle(a => a.OperationName == RlmTelemetry.SnippetActivityName).Subject;
        snippet.Status.Should().Be(ActivityStatusCode.Error);
        Tag(snippet, "rlm.snippet.outcome").Should().Be("RuntimeError");
        var subCall = spans.Should().ContainSingle(a => a.OperationName == RlmTelemetry.SubCallActivityName).Subject;
        subCall.Status.Should().Be(ActivityStatusCode.Error);
        Tag(subCall, "rlm.sub_call.succeeded").Should().Be("False");
    }

    [Fact]
    public async Task RunAsync_RootCallFails_RunActivityIsAnErrorWithTheReason()
    {
        using var test = new ActivityCapture();
        var root = new ScriptedChatClient(_ => throw new HttpRequestException("no route"));

        var result = await new RlmEngine(root).RunAsync("q", Haystack);

        result.Ending.Should().Be(RlmEnding.Error);
        var run = test.Stop().Should().ContainSingle(a => a.OperationName == RlmTelemetry.RunActivityName).Subject;
        run.Status.Should().Be(ActivityStatusCode.Error);
        run.StatusDescription.Should().Contain("no route");
    }

    private static string? Tag(Activity activity, string name) =>
        activity.TagObjects.FirstOrDefault(t => t.Key == name).Value is { } v ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static List<Activity> ChildrenOf(IEnumerable<Activity> spans, Activity parent, string name) =>
        [.. spans.Where(a => a.ParentSpanId == parent.SpanId && a.OperationName == name).OrderBy(a => a.StartTimeUtc).ThenBy(a => Tag(a, "rlm.path"), StringComparer.Ordinal)];

    /// <summary>
    /// Listens to the engine's source and keeps only the activities of this test's trace (other tests run in
    /// parallel and emit their own), under a parent activity started by the test.
    /// </summary>
    private sealed class ActivityCapture : IDisposable
    {
        private static readonly ActivitySource TestSource = new("Rlm.Roslyn.Tests.Telemetry");
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public ActivityCapture()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name is RlmTelemetry.ActivitySourceName or "Rlm.Roslyn.Tests.Telemetry",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.Source.Name == RlmTelemetry.ActivitySourceName && a.TraceId == Parent?.TraceId)
                    {
                        _stopped.Enqueue(a);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
            Parent = TestSource.StartActivity("test")!;
        }

        public Activity Parent { get; }

        public List<Activity> Stop()
        {
            Parent.Stop();
            return [.. _stopped];
        }

        public void Dispose()
        {
            Parent.Dispose();
            _listener.Dispose();
        }
    }
}
