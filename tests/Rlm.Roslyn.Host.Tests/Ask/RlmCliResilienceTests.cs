using System.Globalization;
using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.Ask;

/// <summary>
/// Over real HTTP against the scripted server: a flaky endpoint (one call in five answered 429 or 500, one dropped
/// connection) gives the same answer as a clean one, because the retry middleware sits under the engine and the
/// OpenAI client's own retries are off.
/// </summary>
public sealed class RlmCliResilienceTests
{
    private const string ChildMarker = "You are a sub-RLM at depth 1";
    private const string Expected = "ITEM 0,ITEM 1,ITEM 2,ITEM 3,ITEM 4,ITEM 5,ITEM 6,ITEM 7;Paris";

    [Fact]
    public async Task RunAsync_FlakyEndpoint_SameAnswerAsTheCleanRun()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("geo.txt", "Notes. The capital is Paris. More notes.\n");

        await using var clean = await ScriptedOpenAIServer.StartAsync(Respond);
        var cleanExit = await host.AskAsync(clean, "List the items and the capital.", file, "--sub-model", "sub-m");
        var cleanAnswer = host.Out;

        var arrivals = 0;
        var injected = new List<string>();
        await using var flaky = await ScriptedOpenAIServer.StartAsync(request =>
        {
            var n = Interlocked.Increment(ref arrivals);
            ScriptedReply? fault = n == 4 ? ScriptedReply.DropConnection()
                : n % 5 == 2 ? (n % 10 == 2 ? ScriptedReply.RateLimited(TimeSpan.FromMilliseconds(100)) : ScriptedReply.ServerError())
                : null;
            if (fault is not null)
            {
                lock (injected)
                {
                    injected.Add(fault.Kind == ScriptedReplyKind.Error ? fault.StatusCode.ToString(CultureInfo.InvariantCulture) : "drop");
                }

                return fault;
            }

            return Respond(request);
        });
        using var flakyHost = new HostHarness();
        var flakyFile = flakyHost.WriteFile("geo.txt", "Notes. The capital is Paris. More notes.\n");
        var flakyExit = await flakyHost.AskAsync(flaky, "List the items and the capital.", flakyFile, "--sub-model", "sub-m");

        cleanExit.Should().Be(0, "stderr was: {0}", host.Error);
        cleanAnswer.Should().Be(Expected + Environment.NewLine);
        flakyExit.Should().Be(0, "stderr was: {0}", flakyHost.Error);
        flakyHost.Out.Should().Be(cleanAnswer);
        injected.Should().Contain(["429", "500", "drop"]);
        flaky.Requests.Should().HaveCount(clean.Requests.Count + injected.Count, "each injected fault cost exactly one extra attempt");
        (injected.Count * 100.0 / flaky.Requests.Count).Should().BeInRange(15, 30, "about one call in five failed");
    }

    [Fact]
    public async Task RunAsync_EndpointDownPastTheRetries_SubCallsBecomeErrorsAndTheRootEndsWithTheReason()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(request => request.Model == "sub-m"
            ? ScriptedReply.Error(503, "overloaded")
            : ModelReply.TurnOf(request) == 1
                ? ScriptedReply.Text(ModelReply.WithCode("Try.", "Print(Llm(\"hi\"));"))
                : ScriptedReply.Error(502, "bad gateway"));

        var exitCode = await host.AskAsync(server, "q", file, "--sub-model", "sub-m", "--retries", "1");

        exitCode.Should().Be(1);
        server.Requests.Count(r => r.Model == "sub-m").Should().Be(2, "one try and one retry");
        server.Requests.First(r => r.Model == "root-model" && ModelReply.TurnOf(r) == 2).LastContentOf("user").Should().StartWith("Error: The LM call failed after 2 attempt(s)").And.Contain("overloaded");
        host.Error.Should().Contain("The root LM call failed at turn 2: The LM call failed after 2 attempt(s)").And.Contain("bad gateway");
    }

    [Fact]
    public async Task RunAsync_RateLimitedWithRetryAfter_WaitsWhatTheServerAsksNotTheShorterBackoff()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        var arrivals = new List<long>();
        await using var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            lock (arrivals)
            {
                arrivals.Add(System.Diagnostics.Stopwatch.GetTimestamp());
                return arrivals.Count == 1 ? ScriptedReply.RateLimited(TimeSpan.FromMilliseconds(1_600)) : ScriptedReply.Text("FINAL(patient)");
            }
        });

        var exitCode = await host.AskAsync(server, "q", file);

        exitCode.Should().Be(0, "stderr was: {0}", host.Error);
        host.Out.Should().Be("patient" + Environment.NewLine);
        arrivals.Should().HaveCount(2);

        // The first backoff is at most 1 s; the server asked for 1.6 s (retry-after-ms), and that is what the client waited.
        System.Diagnostics.Stopwatch.GetElapsedTime(arrivals[0], arrivals[1]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1_550));
    }

    [Fact]
    public async Task RunAsync_RetriesZero_OneRequestOnly_TheOpenAIClientDoesNotRetryUnderneath()
    {
        using var host = new HostHarness();
        var file = host.WriteFile("notes.txt", "nothing\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(_ => ScriptedReply.Error(503, "overloaded"));

        var exitCode = await host.AskAsync(server, "q", file, "--retries", "0");

        exitCode.Should().Be(1);
        server.Requests.Should().ContainSingle("the SDK's own retry policy is off (ClientRetryPolicy(0)); the middleware made no retry");
        host.Error.Should().Contain("The LM call failed after 1 attempt(s)");
    }

    private static ScriptedReply Respond(ChatRequestRecord request)
    {
        if (request.Model == "sub-m" && !IsChild(request))
        {
            return ScriptedReply.Text((request.LastContentOf("user") ?? "").ToUpperInvariant());
        }

        if (IsChild(request))
        {
            return ScriptedReply.Text(ModelReply.WithCode(
                "Find it.",
                "var city = Regex.Match(Context.ToString(), @\"capital is (\\w+)\").Groups[1].Value;",
                "FINAL_VAR(city)"));
        }

        return ScriptedReply.Text(ModelReply.WithCode(
            "Fan out, then ask a child.",
            """
            var parts = LlmMany(Enumerable.Range(0, 8).Select(i => $"item {i}"));
            var child = Recurse("Which city is the capital?", Documents[0].Text);
            Final(string.Join(",", parts) + ";" + child);
            """));
    }

    private static bool IsChild(ChatRequestRecord request) =>
        request.Messages.Count > 0 && request.Messages[0].Content.Contains(ChildMarker, StringComparison.Ordinal);
}
