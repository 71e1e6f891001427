using System.Text;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>
/// Runs the <c>rlm</c> console in-process: a <see cref="Host.HostConsole"/> over string writers, a scripted standard
/// input and an environment of its own (empty unless a test fills it, so the machine's OPENAI_* never leak in),
/// plus a fresh temp folder for contexts and traces, deleted on dispose.
/// </summary>
internal sealed class HostHarness : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private int _standardInputOpens;

    private readonly HostConsole _console;

    public HostHarness()
    {
        Folder = Directory.CreateTempSubdirectory("rlm-host-").FullName;
        _console = new HostConsole(
            _out,
            _error,
            () =>
            {
                Interlocked.Increment(ref _standardInputOpens);
                return new MemoryStream(StandardInput, writable: false);
            },
            name => Environment.TryGetValue(name, out var value) ? value : null);
    }

    /// <summary>The temp folder.</summary>
    public string Folder { get; }

    /// <summary>
    /// The console handed to <see cref="RlmCli.RunAsync"/>: standard input is redirected (it reads
    /// <see cref="StandardInput"/>) unless <see cref="TerminalInput"/> is set.
    /// </summary>
    public HostConsole HostConsole => TerminalInput is null
        ? _console
        : _console with { OpenTerminalInput = () => new StringReader(TerminalInput), IsInputRedirected = false };

    /// <summary>What a person types at a terminal, lines separated by '\n'; when set, standard input is a terminal.</summary>
    public string? TerminalInput { get; set; }

    /// <summary>Where the console routes Ctrl+C (shared by every <see cref="HostConsole"/> this harness hands out).</summary>
    public ConsoleInterrupts Interrupts => _console.Interrupts;

    /// <summary>The environment variables the host sees.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The bytes each opening of standard input reads.</summary>
    public byte[] StandardInput { get; set; } = [];

    /// <summary>How often the host opened standard input.</summary>
    public int StandardInputOpens => Volatile.Read(ref _standardInputOpens);

    /// <summary>Everything written to standard output.</summary>
    public string Out => _out.ToString();

    /// <summary>Everything written to standard error.</summary>
    public string Error => _error.ToString();

    /// <summary>Standard error split into lines, without the empty line after the last line break.</summary>
    public IReadOnlyList<string> ErrorLines => Lines(Error);

    /// <summary>The full path of <paramref name="relativePath"/> ('/' separated) inside <see cref="Folder"/>.</summary>
    public string PathOf(string relativePath) => Path.GetFullPath(Path.Join(Folder, relativePath));

    /// <summary>Writes UTF-8 text (no byte order mark) to a file in <see cref="Folder"/> and returns its full path.</summary>
    public string WriteFile(string relativePath, string text) => WriteBytes(relativePath, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes bytes to a file in <see cref="Folder"/> and returns its full path.</summary>
    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs <c>rlm</c> with <paramref name="args"/> and returns its exit code.</summary>
    public Task<int> RunAsync(params string[] args) => RlmCli.RunAsync(args, HostConsole, TestContext.Current.CancellationToken);

    /// <summary>Runs <c>rlm</c> with <paramref name="args"/> under <paramref name="cancellationToken"/> (as Ctrl+C would cancel it).</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) => RlmCli.RunAsync(args, HostConsole, cancellationToken);

    /// <summary>
    /// Runs <c>rlm ask <paramref name="question"/></c> against <paramref name="server"/> (model "root-model", key "k")
    /// with <paramref name="rest"/> (paths and options) in between.
    /// </summary>
    public Task<int> AskAsync(ScriptedOpenAIServer server, string question, params string[] rest) =>
        RunAsync(["ask", question, .. rest, "--endpoint", server.BaseUrl.ToString(), "--api-key", "k", "--model", "root-model"]);

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }

    private static string[] Lines(string text)
    {
        var normalized = text.ReplaceLineEndings("\n");
        return normalized.Length == 0 ? [] : normalized.TrimEnd('\n').Split('\n');
    }
}
