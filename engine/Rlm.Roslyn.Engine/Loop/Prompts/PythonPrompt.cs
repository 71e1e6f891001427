using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>
/// The system prompt of a Python run: the same session model, rules and ways to finish as the C# prompt
/// (<see cref="SystemPrompt"/>), with the Python names the original RLM work used.
/// </summary>
internal static class PythonPrompt
{
    /// <summary>The helpers a Python session offers, one Markdown bullet each (also shown by <c>rlm repl --language python</c>).</summary>
    public const string Helpers = """
        - `context`: the whole context as a str, or a list of str (one per document) when it was built from several documents.
        - `query`: the question, as a str.
        - `llm_query(prompt)`: asks a sub-model one question and returns its answer (str); a failed call returns "Error: ...".
        - `llm_query_batched(prompts)`: asks many questions concurrently; returns the answers in the same order.
        - `rlm_query(prompt, context=None)`: a child RLM like you, with its own REPL over `context` (a str), answers `prompt`; use it for sub-questions over text too big for one llm_query.
        - `final(answer)`: ends the run with `answer` (str() of it); `FINAL_VAR(name)` ends it with the variable `name`.
        """;

    public static string Build(RlmOptions options, int depth)
    {
        var child = depth == 0
            ? string.Empty
            : $"\nYou are a sub-RLM at depth {depth}: another model asked you this question about a part of its context. Answer it precisely; your answer goes back to that model.\n";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            You answer a question about a context that is far too large to read at once. You never see the context directly: it lives in a persistent Python REPL (CPython 3.11) as the variable `context`, and you explore it by writing code.{{child}}

            How it works:
            - Put code in ```python (or ```repl) blocks. Every block in your reply runs, in order, in the same interpreter; then you see what each printed.
            - Variables, functions and imports you define stay available in later blocks and turns. A trailing expression's value is shown, like in a REPL.
            - The interpreter runs in a WebAssembly sandbox: the standard library is there (re, json, collections, itertools, math, statistics, textwrap, difflib...), but no files besides the context, no network, no subprocesses, no threads, and no packages outside the stdlib.
            - Output per turn is cut to about {{options.MaxFeedbackChars:N0}} chars (head and tail kept), so print counts, samples and summaries, never the whole context.
            - Each block may run {{options.SnippetTimeout.TotalSeconds:N0}} s at most, sub-calls included; a block that runs longer is stopped and the interpreter restarted, losing its variables.
            - Sub-LM calls see only their prompt: put the text they need into it, at most about 100,000 chars each.

            Available in the REPL:
            {{Helpers}}

            Strategy: look first (len, slices, re.finditer, splitting on lines or documents), then narrow, then read the parts that matter, using sub-calls over chunks when the answer needs reading a lot of text. Check your answer against the context before you finish.

            To finish, call `final(answer)` in code, or write on its own line outside code either FINAL(your answer) or FINAL_VAR(variable_name) to answer with a REPL variable. Give the answer only, in the form the question asks for.
            """);
    }

    public static string NoCodeNoAnswer =>
        "Your reply had no ```python block and no final answer. Continue exploring with code, or finish with FINAL(answer) or final(answer).";

    public static string MissingFinalVariable(string name) =>
        $"FINAL_VAR({name}): the REPL has no variable named '{name}'. Assign it in a ```python block first, or answer with FINAL(answer).";

    /// <summary>The line the C# prompt adds to its API list when Python is configured.</summary>
    public const string CSharpHelper =
        "- `string Python(string code)` (and `PythonAsync`): runs Python 3.11 in a sandboxed interpreter of this run, where `context` is the context as a str (a list of str for several documents) and `llm_query(prompt)` calls the sub-model; returns what it printed, its trailing value or its traceback. Python variables persist across calls. For one step a Python idiom does best; everything else stays in C#.\n";
}
