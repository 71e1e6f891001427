using System.Text;

namespace Rlm.Roslyn;

/// <summary>
/// A decoder fallback that replaces each invalid byte sequence with one U+FFFD, like
/// <see cref="DecoderFallback.ReplacementFallback"/>, and counts the replacements.
/// </summary>
/// <remarks>
/// The decoder calls the fallback once per invalid sequence: for UTF-8, once per maximal ill-formed
/// subsequence (one to three bytes, the Unicode "best practice" .NET follows); for UTF-16, once per unpaired
/// surrogate or trailing odd byte. Not thread-safe: one instance serves one load.
/// </remarks>
internal sealed class CountingDecoderFallback : DecoderFallback
{
    /// <summary>How many invalid sequences were replaced so far.</summary>
    public long Count { get; set; }

    /// <inheritdoc />
    public override int MaxCharCount => 1;

    /// <inheritdoc />
    public override DecoderFallbackBuffer CreateFallbackBuffer() => new CountingDecoderFallbackBuffer(this);
}
