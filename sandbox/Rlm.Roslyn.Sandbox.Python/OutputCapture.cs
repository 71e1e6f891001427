using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Python;

/// <summary>
/// What a guest writes to stdout and stderr during one block, decoded as UTF-8 and capped. Wasmtime delivers
/// the bytes on its own thread while the guest waits, so the buffer is guarded by a lock that is never held
/// around a call into the guest.
/// </summary>
internal sealed class OutputCapture(int maxChars)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly char[] _chars = new char[4096];
    private long _droppedChars;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            while (!bytes.IsEmpty)
            {
                var take = Math.Min(bytes.Length, _chars.Length / 2);
                var count = _decoder.GetChars(bytes[..take], _chars, flush: false);
                bytes = bytes[take..];
                var room = Math.Max(0, maxChars - _text.Length);
                _text.Append(_chars, 0, Math.Min(room, count));
                _droppedChars += Math.Max(0, count - room);
            }
        }
    }

    /// <summary>The block's output so far, with a line saying how much was dropped; clears the buffer for the next block.</summary>
    public string Take()
    {
        lock (_lock)
        {
            var text = _text.ToString();
            if (_droppedChars > 0)
            {
                text = string.Create(CultureInfo.InvariantCulture, $"{text.TrimEnd('\n')}\n[output cap: {_droppedChars:N0} more chars were printed and dropped; print less, e.g. counts and samples]");
            }

            _text.Clear();
            _decoder.Reset();
            _droppedChars = 0;
            return text;
        }
    }
}
