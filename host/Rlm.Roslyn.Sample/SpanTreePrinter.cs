using System.Diagnostics;

namespace Rlm.Roslyn.Sample;

/// <summary>
/// Prints each finished activity of the given sources as one indented line (depth = number of ancestors that are
/// also printed). A stand-in for an OpenTelemetry exporter that needs no package: in an app with the OpenTelemetry
/// SDK, <c>.AddSource(RlmTelemetry.ActivitySourceName)</c> exports the same activities.
/// </summary>
internal sealed class SpanTreePrinter : IDisposable
{
    private readonly ActivityListener _listener;

    public SpanTreePrinter(TextWriter writer, params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var depth = 0;
                for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
                {
                    depth++;
                }

                lock (writer)
                {
                    writer.WriteLine($"{new string(' ', depth * 2)}{activity.DisplayName} {activity.Duration.TotalMilliseconds:N0} ms {activity.Status}");
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();
}
