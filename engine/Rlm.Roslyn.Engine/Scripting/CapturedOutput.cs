using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// A text writer that keeps what a snippet prints, up to a cap; past the cap it only counts, so an output
/// flood costs no memory. Thread-safe: a snippet's sub-calls may print from several threads.
/// </summary>
internal sealed class CapturedOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly int _maxChars;
    private readonly Lock _gate = new();
    private long _droppedChars;

    public CapturedOutput(int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        _maxChars = maxChars;
    }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Chars printed past the cap and not kept.</summary>
    public long DroppedChars
    {
        get
        {
            lock (_gate)
            {
                return _droppedChars;
            }
        }
    }

    public override void Write(char value) => Append([value]);

    public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);

    public override void Write(string? value) => Append(value);

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            Append(value);
            Append(CoreNewLine);
        }
    }

    /// <summary>What was kept, with a note of what the cap dropped.</summary>
    public override string ToString()
    {
        lock (_gate)
        {
            return _droppedChars == 0
                ? _text.ToString()
                : $"{_text}\n[output cap of {_maxChars:N0} chars reached: {_droppedChars:N0} more chars were printed and dropped]";
        }
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        lock (_gate)
        {
            var room = Math.Max(0, _maxChars - _text.Length);
            var kept = Math.Min(room, chars.Length);
            _text.Append(chars[..kept]);
            _droppedChars += chars.Length - kept;
        }
    }
}
