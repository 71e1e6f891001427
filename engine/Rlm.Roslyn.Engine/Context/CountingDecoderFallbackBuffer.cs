using System.Text;

namespace Rlm.Roslyn;

/// <summary>The fallback buffer of <see cref="CountingDecoderFallback"/>: yields one U+FFFD per fallback and counts it.</summary>
/// <param name="owner">The fallback whose <see cref="CountingDecoderFallback.Count"/> is incremented.</param>
internal sealed class CountingDecoderFallbackBuffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
{
    private const char ReplacementChar = '\uFFFD';

    // Mirrors DecoderReplacementFallbackBuffer with a one-char replacement: _count is the number of chars
    // left to hand out (-1 when idle), _index the position of the last one handed out.
    private int _count = -1;
    private int _index = -1;

    /// <inheritdoc />
    public override int Remaining => _count < 0 ? 0 : _count;

    /// <inheritdoc />
    public override bool Fallback(byte[] bytesUnknown, int index)
    {
        if (_count >= 1)
        {
            throw new ArgumentException("Recursive fallback: the previous replacement was not consumed.", nameof(bytesUnknown));
        }

        owner.Count++;
        _count = 1;
        _index = -1;
        return true;
    }

    /// <inheritdoc />
    public override char GetNextChar()
    {
        _count--;
        _index++;
        return _count < 0 ? '\0' : ReplacementChar;
    }

    /// <inheritdoc />
    public override bool MovePrevious()
    {
        if (_count >= -1 && _index >= 0)
        {
            _index--;
            _count++;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        _count = -1;
        _index = -1;
    }
}
