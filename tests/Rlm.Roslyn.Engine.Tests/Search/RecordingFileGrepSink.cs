using System.Text;

namespace Rlm.Roslyn.Tests.Search;

/// <summary>Keeps everything <see cref="FileGrep"/> reports, as text, and checks it arrives on one flow at a time.</summary>
internal sealed class RecordingFileGrepSink : IFileGrepSink
{
    private int _inside;

    public List<string> Lines { get; } = [];

    public List<string> Counts { get; } = [];

    public List<string> Skips { get; } = [];

    public void Line(string name, long line, ReadOnlySpan<byte> text)
    {
        Enter();
        Lines.Add($"{name}:{line}:{Encoding.UTF8.GetString(text)}");
        Leave();
    }

    public void FileDone(string name, long matchingLines)
    {
        Enter();
        Counts.Add($"{name}:{matchingLines}");
        Leave();
    }

    public void Skipped(string name, string reason)
    {
        Enter();
        Skips.Add($"{name}:{reason}");
        Leave();
    }

    private void Enter()
    {
        if (Interlocked.Exchange(ref _inside, 1) != 0)
        {
            throw new InvalidOperationException("The sink was called from two threads at once.");
        }
    }

    private void Leave() => Volatile.Write(ref _inside, 0);
}
