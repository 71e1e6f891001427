using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>The system prompt and the first user message of an RLM run.</summary>
internal static class SystemPrompt
{
    public static string Build(RlmOptions options, int depth)
    {
        var child = depth == 0
            ? string.Empty
            : $"\nYou are a sub-RLM at depth {depth}: another model asked you this question about a part of its context. Answer it precisely; your answer goes back to that model.\n";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            You answer a question about a context that is far too large to read at once. You never see the context directly: it lives in a persistent C# scripting session (Roslyn, latest C#) as the variable `Context`, and you explore it by writing code.{{child}}

            How it works:
            - Put code in ```csharp blocks. Every block in your reply runs, in order, in the same session; then you see what each printed.
            - Variables, methods and types you declare stay available in later blocks and turns. Top-level statements and `await` work; a trailing expression without `;` is printed.
            - Already imported: {{string.Join(", ", ScriptEnvironment.Usings)}}.
            - Output per turn is cut to about {{options.MaxFeedbackChars:N0}} chars (head and tail kept), so print counts, samples and summaries, never the whole context.
            - Each block may run {{options.SnippetTimeout.TotalSeconds:N0}} s at most, sub-calls included.
            - Sub-LM calls (Llm, LlmMany, Map, Summarize) see only their prompt: put the text they need into it, at most about 100,000 chars each. Recurse hands a question and a slice of the context to a child RLM like you, with its own session.
            - Types you declare cannot call the helpers below (they belong to the session); use top-level methods or local functions for that.

            The API (besides .NET's own libraries):
            {{ApiReference.Text}}{{(options.PythonSessions is null ? "" : PythonPrompt.CSharpHelper)}}
            Strategy: look first (Documents, Peek, Grep), then narrow, then read the parts that matter, using sub-calls over Partition chunks when the answer needs reading a lot of text. Check your answer against the context before you finish.

            To finish, call `Final(answer)` in code, or write on its own line outside code either FINAL(your answer) or FINAL_VAR(variableName) to answer with a session variable. Give the answer only, in the form the question asks for.
            """);
    }

    public static string FirstMessage(string query, RlmContext context)
    {
        var documents = context.Documents;
        var names = string.Join(", ", documents.Take(10).Select(d => d.Name));
        var preview = context.Text[..Math.Min(500, context.Length)].ToString();
        return string.Create(CultureInfo.InvariantCulture, $"""
            Question: {query}

            The context: {context.Length:N0} chars (about {context.Length / 4:N0} tokens) in {documents.Count:N0} document(s){(documents.Count == 0 ? "" : $": {names}{(documents.Count > 10 ? ", ..." : "")}")}.
            Its first {preview.Length:N0} chars:
            ---
            {preview}
            ---

            You have not looked at the context yet. Start by exploring it with code.
            """);
    }

    public static string NoCodeNoAnswer =>
        "Your reply had no ```csharp block and no final answer. Continue exploring with code, or finish with FINAL(answer) or Final(answer).";

    public static string MissingFinalVariable(string name) =>
        $"FINAL_VAR({name}): the session has no variable named '{name}'. Assign it in a ```csharp block first, or answer with FINAL(answer).";

    public static string UnreadableFinalVariable(string name, string why) =>
        $"FINAL_VAR({name}): reading the variable as text did not finish:\n{why}\nAssign a plain string (or a list of strings) and give FINAL_VAR again, or answer with FINAL(answer).";

    public static string LastChance(int iterations) =>
        $"You have used all {iterations} turns; no more code will run. From what you found so far, reply now with your best final answer as FINAL(answer).";
}
