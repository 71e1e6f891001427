using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rlm.Roslyn.Host;

/// <summary>Writes run events as JSON Lines, one event per line, flushed as it goes so a crash keeps the trace.</summary>
internal sealed class JsonlTraceWriter : IAsyncDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly StreamWriter _writer;

    private JsonlTraceWriter(StreamWriter writer) => _writer = writer;

    public static JsonlTraceWriter Create(string path)
    {
        try
        {
            return new JsonlTraceWriter(new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--trace: cannot write '{path}': {ex.Message}", ex);
        }
    }

    public async Task WriteAsync(RlmEvent e, CancellationToken cancellationToken = default)
    {
        await _writer.WriteLineAsync(JsonSerializer.Serialize(e, JsonOptions).AsMemory(), cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
