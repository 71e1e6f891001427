using System.Text;
using System.Text.Json;

namespace Rlm.Roslyn.Host;

/// <summary>Writes the viewer's page to a file, from a trace or from the events of a run that just ended (<c>rlm ask --html</c>).</summary>
internal static class HtmlReport
{
    /// <summary>Events as the trace writes them (reply pieces left out: the finished turn carries the whole reply).</summary>
    public static JsonElement? ToTraceElement(RlmEvent e) =>
        e is ReplyDeltaEvent ? null : JsonSerializer.SerializeToElement(e, JsonlTraceWriter.JsonOptions);

    public static async Task WriteAsync(string path, TraceModel model, IReadOnlyList<TraceNotice> notices, string title, CancellationToken cancellationToken)
    {
        var html = HtmlView.Render(model, notices, title);
        try
        {
            await File.WriteAllTextAsync(path, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write '{path}': {ex.Message}", ex);
        }
    }
}
