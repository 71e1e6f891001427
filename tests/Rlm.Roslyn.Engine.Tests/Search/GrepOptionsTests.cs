namespace Rlm.Roslyn.Tests.Search;

public sealed class GrepOptionsTests
{
    [Fact]
    public void Default_Values_AreDocumentedDefaults()
    {
        var options = GrepOptions.Default;

        options.Literal.Should().BeFalse();
        options.IgnoreCase.Should().BeFalse();
        options.MaxHits.Should().Be(1000);
        options.RegexTimeout.Should().Be(TimeSpan.FromSeconds(2));
        new GrepOptions().Should().Be(options);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void MaxHits_LessThanOne_Throws(int maxHits)
    {
        var act = () => new GrepOptions { MaxHits = maxHits };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxHits");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RegexTimeout_NotPositive_Throws(int milliseconds)
    {
        var act = () => new GrepOptions { RegexTimeout = TimeSpan.FromMilliseconds(milliseconds) };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("RegexTimeout");
    }

    [Fact]
    public void RegexTimeout_Infinite_Throws()
    {
        var act = () => new GrepOptions { RegexTimeout = System.Text.RegularExpressions.Regex.InfiniteMatchTimeout };

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
