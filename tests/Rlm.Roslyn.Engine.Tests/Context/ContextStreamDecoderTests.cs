using System.Text;

namespace Rlm.Roslyn.Tests.Context;

public sealed class ContextStreamDecoderTests
{
    [Fact]
    public async Task DecodeAsync_BufferPreallocatedTooSmall_GrowsLikeAFileThatGrewAfterItWasMeasured()
    {
        var text = string.Concat(Enumerable.Repeat("grown \u00E9\u20AC\U0001F600\n", 200_000));
        var buffer = new ContextBuffer(initialCapacity: 10, maxChars: RlmContext.MaxChars);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var loaded = await DecodeAsync(stream, buffer, out var fallback);

        loaded.Should().BeTrue();
        buffer.ToMemory().ToString().Should().Be(text);
        fallback.Count.Should().Be(0);
    }

    [Fact]
    public async Task DecodeAsync_TextExactlyAtTheLimit_Fits()
    {
        var buffer = new ContextBuffer(initialCapacity: 0, maxChars: 5);
        using var stream = new MemoryStream("12345"u8.ToArray());

        (await DecodeAsync(stream, buffer, out _)).Should().BeTrue();

        buffer.ToMemory().ToString().Should().Be("12345");
    }

    [Fact]
    public async Task DecodeAsync_TextOverTheLimit_Throws()
    {
        var buffer = new ContextBuffer(initialCapacity: 0, maxChars: 5);
        using var stream = new MemoryStream("123456"u8.ToArray());

        var act = () => DecodeAsync(stream, buffer, out _);

        (await act.Should().ThrowAsync<ContextLoadException>()).WithMessage("*exceed 5 chars (at 'test')*");
    }

    [Fact]
    public async Task DecodeAsync_TruncatedSequenceAfterTheLimit_Throws()
    {
        // Five chars fill the limit; the dangling E2 82 only turns into a char when the decoder is flushed.
        var buffer = new ContextBuffer(initialCapacity: 0, maxChars: 5);
        using var stream = new MemoryStream([.. "12345"u8, 0xE2, 0x82]);

        var act = () => DecodeAsync(stream, buffer, out _);

        await act.Should().ThrowAsync<ContextLoadException>();
    }

    [Fact]
    public async Task DecodeAsync_BinaryStream_WritesNothing()
    {
        var buffer = new ContextBuffer(initialCapacity: 16, maxChars: 100);
        using var stream = new MemoryStream([0x41, 0x00]);

        (await DecodeAsync(stream, buffer, out _)).Should().BeFalse();

        buffer.Length.Should().Be(0);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x41 }, 65001, 3)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x41, 0x00 }, 1200, 2)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x41 }, 1201, 2)]
    [InlineData(new byte[] { 0x41, 0x42 }, 65001, 0)]
    [InlineData(new byte[] { 0xEF, 0xBB }, 65001, 0)]
    [InlineData(new byte[0], 65001, 0)]
    public void DetectEncoding_LeadingBytes_PicksEncodingAndBomLength(byte[] head, int codePage, int bomLength)
    {
        var (encoding, length) = ContextStreamDecoder.DetectEncoding(head);

        encoding.CodePage.Should().Be(codePage);
        length.Should().Be(bomLength);
    }

    private static Task<bool> DecodeAsync(Stream stream, ContextBuffer buffer, out CountingDecoderFallback fallback)
    {
        fallback = new CountingDecoderFallback();
        var block = new byte[ContextStreamDecoder.BlockBytes];
        return ContextStreamDecoder.DecodeAsync(stream, buffer, block, fallback, skipBinary: true, "test", TestContext.Current.CancellationToken);
    }
}
