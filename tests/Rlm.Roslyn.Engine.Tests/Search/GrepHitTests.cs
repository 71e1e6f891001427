namespace Rlm.Roslyn.Tests.Search;

public sealed class GrepHitTests
{
    [Fact]
    public void ToString_WithDocument_PrintsDocLineColumnAndText()
    {
        new GrepHit(10, 3, 5, "src/a.cs", "foo", "var foo = 1;").ToString().Should().Be("src/a.cs:3:5: var foo = 1;");
    }

    [Fact]
    public void ToString_WithoutDocument_OmitsDocPart()
    {
        new GrepHit(10, 3, 5, null, "foo", "var foo = 1;").ToString().Should().Be("3:5: var foo = 1;");
    }

    [Fact]
    public void ToString_LongLine_CutsTo300CharsWithEllipsis()
    {
        var line = new string('x', 301);

        var printed = new GrepHit(0, 1, 1, null, "x", line).ToString();

        printed.Should().Be("1:1: " + new string('x', 300) + "…");
    }

    [Fact]
    public void ToString_LineOfExactly300Chars_IsNotCut()
    {
        var line = new string('x', 300);

        new GrepHit(0, 1, 1, null, "x", line).ToString().Should().Be("1:1: " + line);
    }
}
