using System.Text.Json;

namespace Rlm.Roslyn.Host.Eval;

/// <summary>A task family's results file (JSON Lines, one <see cref="EvalResult"/> a line, appended and flushed per task).</summary>
internal sealed class EvalResultStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Opens the store at <paramref name="path"/> (the file need not exist yet).</summary>
    public EvalResultStore(string path) => Path = path;

    /// <summary>The JSONL file.</summary>
    public string Path { get; }

    /// <summary>
    /// Every complete result in the file. A line that does not parse (a run killed mid-write) is skipped and
    /// counted in <paramref name="damaged"/>, so that task runs again.
    /// </summary>
    public List<EvalResult> Read(out int damaged)
    {
        damaged = 0;
        var results = new List<EvalResult>();
        if (!File.Exists(Path))
        {
            return results;
        }

        foreach (var line in File.ReadLines(Path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<EvalResult>(line, JsonOptions) is { Task: not null, Method: not null, Model: not null } result)
                {
                    results.Add(result);
                    continue;
                }
            }
            catch (JsonException)
            {
            }

            damaged++;
        }

        return results;
    }

    /// <summary>Appends <paramref name="result"/> as one line and flushes it to disk.</summary>
    public async Task AppendAsync(EvalResult result, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.Serialize(result, JsonOptions) + "\n";
        var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        await using (stream.ConfigureAwait(false))
        {
            // A line cut short by a killed run is ended first, so the new line stays whole.
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                var last = stream.ReadByte();
                if (last != '\n')
                {
                    stream.WriteByte((byte)'\n');
                }
            }

            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
