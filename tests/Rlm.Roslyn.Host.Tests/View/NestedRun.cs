using Rlm.Roslyn.Host.Tests.Fakes;

namespace Rlm.Roslyn.Host.Tests.View;

/// <summary>
/// A scripted run with nested sub-calls: the root's first block starts a child RLM (path 0.1), whose own block makes a
/// plain sub-call (0.1.1), then a plain sub-call of its own (0.2); the root answers "The capital is Paris (PARIS)".
/// </summary>
internal static class NestedRun
{
    public const string ChildMarker = "You are a sub-RLM at depth 1";

    public const string Answer = "The capital is Paris (PARIS)";

    public const string RootCode = """
        var child = Recurse("Which city is the capital?", Documents[0].Text);
        var shout = Llm("shout " + child);
        Print(child + "|" + shout);
        """;

    public const string ChildCode = """
        var city = Llm("extract the city from: " + Context.ToString());
        Print("child found " + city);
        """;

    /// <summary>Runs <c>rlm ask</c> over a small file with <paramref name="options"/>; returns the exit code.</summary>
    public static async Task<int> AskAsync(HostHarness host, params string[] options)
    {
        var file = host.WriteFile("geo.txt", "Notes. The capital is Paris. More notes.\n");
        await using var server = await ScriptedOpenAIServer.StartAsync(Respond);
        return await host.AskAsync(server, "What is the capital?", [file, .. options]);
    }

    public static ScriptedReply Respond(ChatRequestRecord request)
    {
        if (request.Messages.Count == 1)
        {
            var prompt = request.Messages[0].Content;
            return ScriptedReply.Text(prompt.StartsWith("shout ", StringComparison.Ordinal) ? prompt[6..].ToUpperInvariant() : "Paris");
        }

        if (request.Messages[0].Content.Contains(ChildMarker, StringComparison.Ordinal))
        {
            return ScriptedReply.Text(ModelReply.TurnOf(request) == 1
                ? ModelReply.WithCode("Ask a sub-model about my slice.", ChildCode)
                : "FINAL_VAR(city)");
        }

        return ScriptedReply.Text(ModelReply.TurnOf(request) == 1
            ? ModelReply.WithCode("Hand the document to a child RLM, then shout its answer.", RootCode)
            : "The child and the sub-call agree.\nFINAL(The capital is Paris (PARIS))");
    }
}
