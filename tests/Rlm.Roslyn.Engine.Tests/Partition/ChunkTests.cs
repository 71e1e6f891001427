namespace Rlm.Roslyn.Tests.Partition;

public sealed class ChunkTests
{
    [Fact]
    public void ToString_WithDocument_DescribesPositionWithoutText()
    {
        var chunk = new Chunk(3, 12_000, 4_000, "doc.txt", new string('x', 4_000).AsMemory());

        chunk.ToString().Should().Be("chunk 3: offset 12,000, 4,000 chars, doc.txt");
    }

    [Fact]
    public void ToString_WithoutDocument_OmitsDocumentPart()
    {
        new Chunk(0, 0, 5, null, "hello".AsMemory()).ToString().Should().Be("chunk 0: offset 0, 5 chars");
    }

    [Fact]
    public void Content_ReturnsTextAsStringAndEndIsOffsetPlusLength()
    {
        var chunk = new Chunk(1, 10, 5, null, "hello".AsMemory());

        chunk.Content.Should().Be("hello");
        chunk.End.Should().Be(15);
    }
}
