using Rlm.Roslyn.Host.Eval;

namespace Rlm.Roslyn.Host.Tests.Eval;

public sealed class EvalTokensTests
{
    [Theory]
    [InlineData("8K", 8192)]
    [InlineData("128k", 131_072)]
    [InlineData("1M", 1_048_576)]
    [InlineData("131072", 131_072)]
    public void TryParse_ValidLengths_ReadsThem(string text, int expected)
    {
        EvalTokens.TryParse(text, out var tokens).Should().BeTrue();
        tokens.Should().Be(expected);
        EvalTokens.TryParse(EvalTokens.Format(tokens), out var again).Should().BeTrue();
        again.Should().Be(tokens);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("-5")]
    [InlineData("1.5M")]
    [InlineData("0")]
    [InlineData("17M")]
    public void TryParse_Invalid_Fails(string text) => EvalTokens.TryParse(text, out _).Should().BeFalse();
}
