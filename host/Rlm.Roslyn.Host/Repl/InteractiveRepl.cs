using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlm.Roslyn.Host;

/// <summary>
/// <c>rlm repl</c> at a terminal: a banner, then a prompt (<c>&gt; </c>, and <c>. </c> while a snippet is
/// incomplete). A C# snippet runs as soon as it parses as a complete submission, a Python one by the rule of Python's
/// REPL (<see cref="PythonBlock"/>); two empty lines in a row run an incomplete one anyway, so its errors show. <c>#help</c>, <c>#vars</c> and <c>#exit</c> are commands
/// at the start of a snippet; Ctrl+C stops the running snippet, not the REPL.
/// </summary>
internal static class InteractiveRepl
{
    public const string Prompt = "> ";
    public const string ContinuationPrompt = ". ";

    private const int BlankLinesToForceRun = 2;

    public static async Task<int> RunAsync(IReplSession session, RlmContext context, ReplSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var output = console.Out;
        var input = console.OpenTerminalInput();
        await output.WriteLineAsync(Banner(session, context, settings)).ConfigureAwait(false);
        var buffer = new StringBuilder();
        var blankRun = 0;
        while (true)
        {
            await output.WriteAsync(buffer.Length == 0 ? Prompt : ContinuationPrompt).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);

            // A terminal read blocks; run it aside so cancellation still ends the REPL at the prompt.
            var line = await Task.Run(input.ReadLine, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                return ExitCodes.Answered;
            }

            if (buffer.Length == 0)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                switch (line.Trim())
                {
                    case "#exit" or "#quit":
                        return ExitCodes.Answered;
                    case "#help":
                        await output.WriteLineAsync(HelpText(session.Language)).ConfigureAwait(false);
                        continue;
                    case "#vars":
                        await output.WriteLineAsync(await session.DescribeVariablesAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                        continue;
                }
            }

            blankRun = string.IsNullOrWhiteSpace(line) ? blankRun + 1 : 0;
            buffer.Append(line).Append('\n');
            var code = buffer.ToString();
            if (blankRun >= BlankLinesToForceRun || IsComplete(session.Language, code))
            {
                buffer.Clear();
                blankRun = 0;
                await RunSnippetAsync(session, code, console, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True when <paramref name="code"/> is a whole C# submission (nothing left open at its end).</summary>
    public static bool IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(CSharpSyntaxTree.ParseText(code, ScriptEnvironment.ParseOptions));

    /// <summary>True when <paramref name="code"/> should run now in <paramref name="language"/>.</summary>
    public static bool IsComplete(RlmLanguage language, string code) =>
        language == RlmLanguage.Python ? PythonBlock.IsComplete(code) : IsComplete(code);

    private static async Task RunSnippetAsync(IReplSession session, string code, HostConsole console, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resets = session.ResetCount;
        ReplResult result;
        try
        {
            using (console.Interrupts.Register(() => Stop(stop)))
            {
                result = await session.RunSnippetAsync(code, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await console.Out.WriteLineAsync(session.ResetCount > resets
                ? "Stopped (Ctrl+C). The session was reset: all variables are gone; the context and the helpers remain."
                : "Stopped (Ctrl+C).").ConfigureAwait(false);
            return;
        }

        // What the model would read, except that a snippet with nothing to show shows nothing.
        var text = result.IsSilent ? string.Empty : result.Feedback.TrimEnd('\n');
        if (text.Length > 0)
        {
            await console.Out.WriteLineAsync(text).ConfigureAwait(false);
        }

        if (session.FinalAnswer is { } final)
        {
            await console.Out.WriteLineAsync($"Final answer (a run would end here):\n{final}").ConfigureAwait(false);
        }
    }

    private static void Stop(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Ctrl+C arrived as the snippet ended; nothing left to stop.
        }
    }

    private static string Banner(IReplSession session, RlmContext context, ReplSettings settings)
    {
        var documents = context.Documents;
        var names = string.Join(", ", documents.Take(5).Select(d => d.Name)) + (documents.Count > 5 ? ", ..." : string.Empty);
        var python = session.Language == RlmLanguage.Python;
        var helpers = python ? "llm_query, llm_query_batched and rlm_query" : "Llm, Summarize and Recurse";
        var endpoint = settings.Endpoint is { } e
            ? $"{helpers} use {e.SubModel} at {e.Endpoint}."
            : $"No endpoint is configured: {helpers} return an error (see 'rlm repl --help').";
        var sandbox = python ? "Python 3.11 in WebAssembly (stdlib only; no files but the context, no network)"
            : settings.Engine.SubmissionPolicy is TrustedCodePolicy ? "off (--trusted); runtime limits still apply"
            : "the model's restricted API and runtime limits";
        var running = python
            ? "A statement runs at once, a block after an empty line"
            : $"A snippet runs when complete ('{ContinuationPrompt.TrimEnd()}' asks for more; two empty lines run it anyway)";
        return string.Create(CultureInfo.InvariantCulture, $"""
            rlm repl: {context.Length:N0} chars (about {context.Length / 4:N0} tokens) in {documents.Count:N0} document(s){(documents.Count == 0 ? string.Empty : ": " + names)}.
            {endpoint}
            Sandbox: {sandbox}. Each snippet may run {session.Options.SnippetTimeout.TotalSeconds:0.#} s; Ctrl+C stops it.
            {running}. #help for the API, #vars for variables, #exit or Ctrl+D to leave.
            """);
    }

    private static string HelpText(RlmLanguage language) => language == RlmLanguage.Python
        ? $"""
            Commands (at the start of a block): #help this text, #vars the session's variables, #exit or #quit (or Ctrl+D) to leave.
            A simple statement runs as soon as it is typed; a block (a line ending in ':', open brackets or a triple-quoted
            string) runs after an empty line. A trailing expression shows its value (repr). Variables, functions and imports
            live on from block to block; a block that runs past its time limit restarts the interpreter, losing them.

            Available, as the model's system prompt describes them:
            {PythonPrompt.Helpers.TrimEnd()}
            """
        : $"""
            Commands (at the start of a snippet): #help this text, #vars the session's variables, #exit or #quit (or Ctrl+D) to leave.
            A snippet runs as soon as it is complete; two empty lines run an incomplete one so you see its errors. A trailing
            expression without ';' shows its value. Variables, methods and types live on from snippet to snippet.
            Imported: {string.Join(", ", ScriptEnvironment.Usings)}.

            The API, as the model's system prompt describes it:
            {ApiReference.Text.TrimEnd()}
            """;
}
