namespace Rlm.Roslyn.Tests.Partition;

/// <summary>Properties every partition must have.</summary>
internal static class ChunkAssertions
{
    /// <summary>Numbered from 0, non-empty, zero-copy slices of the context, each starting after the previous one started.</summary>
    public static void ShouldBeSlicesOf(this Chunk[] chunks, RlmContext context)
    {
        for (var i = 0; i < chunks.Length; i++)
        {
            var c = chunks[i];
            c.Index.Should().Be(i);
            c.Length.Should().BePositive();
            c.End.Should().BeLessThanOrEqualTo(context.Length);
            c.Text.Equals(context.Text.Slice(c.Offset, c.Length)).Should().BeTrue("chunk {0} is a slice of the context, not a copy", i);
            if (i > 0)
            {
                c.Offset.Should().BeGreaterThan(chunks[i - 1].Offset);
            }
        }
    }

    /// <summary>Contiguous and covering the context exactly: the first starts at 0, each starts where the one before ends.</summary>
    public static void ShouldCover(this Chunk[] chunks, RlmContext context)
    {
        chunks.ShouldBeSlicesOf(context);
        if (context.Length == 0)
        {
            chunks.Should().BeEmpty();
            return;
        }

        chunks.Should().NotBeEmpty();
        chunks[0].Offset.Should().Be(0);
        chunks[^1].End.Should().Be(context.Length);
        for (var i = 1; i < chunks.Length; i++)
        {
            chunks[i].Offset.Should().Be(chunks[i - 1].End, "chunk {0} starts where chunk {1} ends", i, i - 1);
        }
    }
}
