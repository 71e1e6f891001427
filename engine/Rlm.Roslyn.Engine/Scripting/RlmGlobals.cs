using System.ComponentModel;

namespace Rlm.Roslyn;

/// <summary>
/// Everything a snippet can use besides the .NET libraries: the context, the question, helpers to look at and
/// cut the context, and sub-LM calls. Every public member here is documented in the model's system prompt.
/// </summary>
public sealed class RlmGlobals
{
    private readonly RlmContext _context;
    private readonly IScriptHost _host;

    internal RlmGlobals(RlmContext context, string query, int depth, IScriptHost host)
    {
        _context = context;
        _host = host;
        Query = query;
        Depth = depth;
    }

    /// <summary>The whole context, never printed whole. Slice it (<c>Context.Slice(start, length)</c>), search its span (<c>Context.Span.IndexOf("x")</c>), or use the helpers below.</summary>
    public ReadOnlyMemory<char> Context => _context.Text;

    /// <summary>The question to answer.</summary>
    public string Query { get; }

    /// <summary>The documents the context was built from, in order: Name, Offset, Length, Text (a slice of Context).</summary>
    public IReadOnlyList<Document> Documents => _context.Documents;

    /// <summary>This run's depth: 0 for the root; children started by Recurse run at Depth + 1.</summary>
    public int Depth { get; }

    /// <summary>The final answer given with Final, or null.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? FinalAnswer { get; private set; }

    internal ScriptSession? Session { get; set; }

    internal SnippetScope? Scope { get; set; }

    private CancellationToken Cancellation => Scope?.CancellationToken ?? CancellationToken.None;

    /// <summary>Returns up to <paramref name="length"/> chars of the context from <paramref name="start"/> (clamped to the context).</summary>
    /// <param name="start">Char offset in the context.</param>
    /// <param name="length">How many chars at most.</param>
    public string Peek(int start = 0, int length = 2000) => Slice(_context.Text, start, length);

    /// <summary>Returns up to <paramref name="length"/> chars of one document from <paramref name="start"/> within it (clamped).</summary>
    /// <param name="document">A document name from Documents (exact, case-insensitive, or the end of its path).</param>
    /// <param name="start">Char offset within the document.</param>
    /// <param name="length">How many chars at most.</param>
    public string Peek(string document, int start = 0, int length = 2000) => Slice(FindDocument(document).Text, start, length);

    /// <summary>
    /// Searches the whole context; regex by default (.NET syntax, multiline: ^ and $ match at line ends), scanning all
    /// cores on large contexts. Each hit has Offset, Line and Column (1-based, within its document), Document, Match,
    /// LineText, and Before/After (context lines, when <paramref name="contextLines"/> &gt; 0); printing the result lists
    /// "doc:line:col: line" per hit. At most <paramref name="maxHits"/> hits are kept (the first ones); TotalMatches counts
    /// them all. Literal search is fastest; an invalid regex throws with the parser's explanation.
    /// </summary>
    /// <param name="pattern">A regex, or plain text when <paramref name="literal"/> is true.</param>
    /// <param name="literal">Match the pattern as plain text.</param>
    /// <param name="ignoreCase">Ignore case.</param>
    /// <param name="maxHits">The most hits to return.</param>
    /// <param name="contextLines">Lines of context to attach before and after each hit (0 to 100), like grep -C.</param>
    public GrepResult Grep(string pattern, bool literal = false, bool ignoreCase = false, int maxHits = 1000, int contextLines = 0) =>
        TextSearch.Grep(_context, pattern, new GrepOptions { Literal = literal, IgnoreCase = ignoreCase, MaxHits = maxHits, ContextLines = contextLines }, Cancellation);

    /// <summary>
    /// Searches the whole context for several plain texts at once in one pass, e.g. <c>GrepAny(["error", "fail", "panic"], ignoreCase: true)</c>;
    /// much faster than one Grep per word or a regex alternation. Hits are in order of offset; when two texts match at the
    /// same offset the one listed first wins. Same hits and printing as Grep.
    /// </summary>
    /// <param name="literals">The texts to find (at least one, none empty).</param>
    /// <param name="ignoreCase">Ignore case.</param>
    /// <param name="maxHits">The most hits to return.</param>
    /// <param name="contextLines">Lines of context to attach before and after each hit (0 to 100).</param>
    public GrepResult GrepAny(string[] literals, bool ignoreCase = false, int maxHits = 1000, int contextLines = 0) =>
        TextSearch.GrepAny(_context, literals, new GrepOptions { Literal = true, IgnoreCase = ignoreCase, MaxHits = maxHits, ContextLines = contextLines }, cancellationToken: Cancellation);

    /// <summary>Cuts the context into chunks of at most <paramref name="chunkChars"/> chars ending at line ends, each overlapping the previous by <paramref name="overlapChars"/>. Chunks are slices (no copies): Index, Offset, Length, Document, Text.</summary>
    /// <param name="chunkChars">The most chars per chunk.</param>
    /// <param name="overlapChars">Chars each chunk repeats from the end of the previous one.</param>
    public Chunk[] Partition(int chunkChars, int overlapChars = 0) => Partitioner.BySize(_context, chunkChars, overlapChars);

    /// <summary>Cuts the context into chunks of <paramref name="linesPerChunk"/> lines, each overlapping the previous by <paramref name="overlapLines"/> lines.</summary>
    /// <param name="linesPerChunk">Lines per chunk.</param>
    /// <param name="overlapLines">Lines each chunk repeats from the previous one.</param>
    public Chunk[] PartitionByLines(int linesPerChunk, int overlapLines = 0) => Partitioner.ByLines(_context, linesPerChunk, overlapLines);

    /// <summary>One chunk per document; with <paramref name="maxChars"/> &gt; 0, consecutive small documents are packed together up to that size (big ones are never split).</summary>
    /// <param name="maxChars">Pack documents up to this many chars per chunk; 0 for one chunk per document.</param>
    public Chunk[] PartitionByDocuments(int maxChars = 0) => Partitioner.ByDocuments(_context, maxChars);

    /// <summary>Cuts the context after each occurrence of <paramref name="separator"/> (the separator ends its chunk).</summary>
    /// <param name="separator">Plain text, or a regex when <paramref name="regex"/> is true.</param>
    /// <param name="regex">Treat the separator as a regex.</param>
    public Chunk[] PartitionBySeparator(string separator, bool regex = false) => Partitioner.BySeparator(_context, separator, regex);

    /// <summary>Cuts the context into chunks of about <paramref name="tokensPerChunk"/> tokens (4 chars per token), at line ends.</summary>
    /// <param name="tokensPerChunk">Approximate tokens per chunk.</param>
    /// <param name="overlapTokens">Approximate tokens each chunk repeats from the previous one.</param>
    public Chunk[] PartitionByTokens(int tokensPerChunk, int overlapTokens = 0) => Partitioner.ByTokens(_context, tokensPerChunk, overlapTokens);

    /// <summary>Asks the sub-model one question and returns its answer. It sees only the prompt: put the text it needs into it (keep it under about 100,000 chars). A failed call returns "Error: ...".</summary>
    /// <param name="prompt">The whole prompt for the sub-model.</param>
    public string Llm(string prompt) => Wait(LlmAsync(prompt));

    /// <summary>Async form of Llm.</summary>
    /// <param name="prompt">The whole prompt for the sub-model.</param>
    public Task<string> LlmAsync(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return _host.LlmAsync(prompt, Cancellation);
    }

    /// <summary>Asks the sub-model many questions concurrently; answers come back in the same order. A failed prompt gives an "Error: ..." entry, not a failed batch.</summary>
    /// <param name="prompts">The prompts.</param>
    public string[] LlmMany(IEnumerable<string> prompts) => Wait(LlmManyAsync(prompts));

    /// <summary>Async form of LlmMany.</summary>
    /// <param name="prompts">The prompts.</param>
    public Task<string[]> LlmManyAsync(IEnumerable<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        return _host.FanOutAsync(prompts.Select(p => (Func<CancellationToken, Task<string>>)(ct => _host.LlmAsync(p, ct))).ToList(), Cancellation);
    }

    /// <summary>
    /// Asks the sub-model <paramref name="question"/> about every chunk, concurrently: one plain sub-call per chunk, with
    /// the question and the chunk's text in its prompt. Answers come back in chunk order; a failed chunk gives an
    /// "Error: ..." entry, not a failed batch. The quick way to read a whole context, for example
    /// <c>var notes = Map(Partition(50_000), "List every date and what happened on it.");</c> then combine the notes.
    /// </summary>
    /// <param name="chunks">Chunks from Partition (keep each under about 100,000 chars).</param>
    /// <param name="question">What to ask about each chunk.</param>
    public string[] Map(IEnumerable<Chunk> chunks, string question) => Wait(MapAsync(chunks, question));

    /// <summary>Async form of Map.</summary>
    /// <param name="chunks">Chunks from Partition.</param>
    /// <param name="question">What to ask about each chunk.</param>
    public Task<string[]> MapAsync(IEnumerable<Chunk> chunks, string question)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(question);
        var list = chunks.ToList();
        var calls = list
            .Select(c => (Func<CancellationToken, Task<string>>)(ct => _host.LlmAsync(MapPrompt(c, list.Count, question), ct)))
            .ToList();
        return _host.FanOutAsync(calls, Cancellation);
    }

    /// <summary>Runs <paramref name="code"/> in this run's Python session (CPython in a WebAssembly sandbox, where `context` is the context as a str, or a list of str for several documents) and returns what it printed, its trailing value or its traceback. Variables persist across Python calls within the run. Throws when Python is not configured.</summary>
    /// <param name="code">Python source; the last expression's value is shown.</param>
    /// <remarks>Listed in the prompt only when Python is configured (see <see cref="PythonPrompt.CSharpHelper"/>).</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string Python(string code) => Wait(PythonAsync(code));

    /// <summary>Async form of Python.</summary>
    /// <param name="code">Python source.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task<string> PythonAsync(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _host.PythonAsync(code, Cancellation);
    }

    /// <summary>Starts a child RLM, with its own session, on <paramref name="query"/> over <paramref name="context"/>, and returns its final answer. Use it for sub-questions over text too big for one Llm call. At the maximum depth it becomes a plain Llm call.</summary>
    /// <param name="query">The child's question.</param>
    /// <param name="context">The child's context, for example a chunk's Text.</param>
    public string Recurse(string query, ReadOnlyMemory<char> context) => Wait(RecurseAsync(query, context));

    /// <summary>Recurse over a string.</summary>
    /// <param name="query">The child's question.</param>
    /// <param name="context">The child's context.</param>
    public string Recurse(string query, string context) => Recurse(query, (context ?? throw new ArgumentNullException(nameof(context))).AsMemory());

    /// <summary>Async form of Recurse.</summary>
    /// <param name="query">The child's question.</param>
    /// <param name="context">The child's context.</param>
    public Task<string> RecurseAsync(string query, ReadOnlyMemory<char> context)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _host.RecurseAsync(query, ChildContext(context), Cancellation);
    }

    /// <summary>Runs one child RLM per chunk, concurrently, all on the same <paramref name="query"/>; answers in chunk order, "Error: ..." for a failed one.</summary>
    /// <param name="query">The question each child answers about its chunk.</param>
    /// <param name="chunks">Chunks from Partition.</param>
    public string[] RecurseMany(string query, IEnumerable<Chunk> chunks) => Wait(RecurseManyAsync(query, chunks));

    /// <summary>Async form of RecurseMany.</summary>
    /// <param name="query">The question each child answers about its chunk.</param>
    /// <param name="chunks">Chunks from Partition.</param>
    public Task<string[]> RecurseManyAsync(string query, IEnumerable<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(chunks);
        var calls = chunks
            .Select(c => (Func<CancellationToken, Task<string>>)(ct => _host.RecurseAsync(query, ChildContext(c.Text, c.Document), ct)))
            .ToList();
        return _host.FanOutAsync(calls, Cancellation);
    }

    /// <summary>Condenses <paramref name="text"/> to what matters for <paramref name="focus"/>, keeping facts, names, numbers and short quotes (one sub-LM call).</summary>
    /// <param name="text">The text to condense, for example a chunk's Text.</param>
    /// <param name="focus">What the summary is for.</param>
    public string Summarize(ReadOnlyMemory<char> text, string focus) => Llm(SummaryPrompt(text, focus));

    /// <summary>Summarize a string.</summary>
    /// <param name="text">The text to condense.</param>
    /// <param name="focus">What the summary is for.</param>
    public string Summarize(string text, string focus) => Summarize((text ?? throw new ArgumentNullException(nameof(text))).AsMemory(), focus);

    /// <summary>Prints a value on its own line (collections and objects are shown with their contents). Console.WriteLine works too.</summary>
    /// <param name="value">What to print.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the globals' instance surface snippets call.")]
    public void Print(object? value)
    {
        // The output of the snippet whose code is printing (flow-local), which must still be running: work an
        // earlier snippet left behind cannot print into a later snippet's output.
        ScriptCheckpoint.Check();
        ScriptCheckpoint.Scope!.Output.WriteLine(ValueFormatter.Format(value));
    }

    /// <summary>Lists the variables defined so far in this session, with their types and short previews.</summary>
    public string ShowVars() => Session?.DescribeVariables() ?? "(no session)";

    /// <summary>Gives the final answer and ends the run after this snippet. Strings are used as they are; a collection gives one line per item.</summary>
    /// <param name="answer">The answer.</param>
    public void Final(object answer) => FinalAnswer = ValueFormatter.Answer(answer);

    /// <summary>Injected by the engine into loops and method bodies to enforce the snippet's limits. Not for direct use.</summary>
    /// <remarks>It checks the scope of the snippet whose code is running (flow-local), not the latest snippet's: work an earlier snippet left running stops.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "A reserved name no snippet would pick.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Snippets call it as a member of the globals; their compiled form binds to an instance method.")]
    public void __RlmCheckpoint() => ScriptCheckpoint.Check();

    internal void ClearFinalAnswer() => FinalAnswer = null;

    internal static string SummaryPrompt(ReadOnlyMemory<char> text, string focus)
    {
        ArgumentNullException.ThrowIfNull(focus);
        return $"""
            Condense the text below to what matters for this purpose: {focus}
            Keep facts, names, numbers, dates and short exact quotes that bear on it; drop everything else. If nothing bears on it, answer "Nothing relevant."

            --- TEXT ---
            {text}
            """;
    }

    internal static string MapPrompt(Chunk chunk, int count, string question)
    {
        var where = chunk.Document is { } document ? $", from {document}" : string.Empty;
        return $"""
            {question}
            Answer from the text below only (part {chunk.Index + 1} of {count}{where}). If it holds nothing relevant, say "Nothing relevant."

            --- TEXT ---
            {chunk.Text}
            """;
    }

    private static string Slice(ReadOnlyMemory<char> text, int start, int length)
    {
        var from = Math.Clamp(start, 0, text.Length);
        var count = Math.Clamp(length, 0, text.Length - from);
        return text.Slice(from, count).ToString();
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private Document FindDocument(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_context.FindDocument(name) is { } document)
        {
            return document;
        }

        var names = string.Join(", ", _context.Documents.Take(20).Select(d => d.Name));
        throw new ArgumentException($"No document named '{name}'. Documents ({_context.Documents.Count}): {names}{(_context.Documents.Count > 20 ? ", ..." : string.Empty)}", nameof(name));
    }

    private static RlmContext ChildContext(ReadOnlyMemory<char> text, string? name = null) =>
        new(text, [new Document(0, name ?? "context", 0, text.Length, text)]);
}
