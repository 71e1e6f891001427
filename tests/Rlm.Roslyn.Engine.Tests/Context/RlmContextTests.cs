namespace Rlm.Roslyn.Tests.Context;

public sealed class RlmContextTests
{
    [Fact]
    public void DocumentAt_OffsetInsideSecondDocument_ReturnsIt()
    {
        var text = "aaa\nbbb\n".AsMemory();
        var context = new RlmContext(text, [new Document(0, "a.txt", 0, 3, text[..3]), new Document(1, "b.txt", 4, 3, text[4..7])]);

        context.DocumentAt(5)!.Name.Should().Be("b.txt");
        context.DocumentAt(3).Should().BeNull("offset 3 is the separator between documents");
        context.FindDocument("B.TXT")!.Index.Should().Be(1);
    }
}
