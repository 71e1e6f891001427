using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// A text writer that keeps what a snippet prints, up to a cap. Past the cap it keeps nothing more, counts what
/// was dropped and calls the overflow handler, which may throw to stop the snippet. Thread-safe: a snippet's
/// sub-calls may print from several threads.
/// </summary>
internal sealed class CapturedOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly int _maxChars;
    private readonly Lock _gate = new();
    private readonly Func<Exception>? _onOverflow;
    private long _droppedChars;

    /// <param name="maxChars">Chars kept.</param>
    /// <param name="onOverflow">Called when a write goes past the cap; the exception it returns is thrown to the writer.</param>
    public CapturedOutput(int maxChars, Func<Exception>? onOverflow = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        _maxChars = maxChars;
        _onOverflow = onOverflow;
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
            if (kept == chars.Length)
            {
                return;
            }

            _droppedChars += chars.Length - kept;
        }

        if (_onOverflow is not null)
        {
            throw _onOverflow();
        }
    }
}
