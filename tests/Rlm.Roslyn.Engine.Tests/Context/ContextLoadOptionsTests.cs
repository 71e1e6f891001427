namespace Rlm.Roslyn.Tests.Context;

public sealed class ContextLoadOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new ContextLoadOptions();

        options.Include.Should().BeEmpty();
        options.Exclude.Should().BeEmpty();
        options.SkipDirectories.Should().Equal(".git", "bin", "obj", "node_modules");
        options.SkipBinaryFiles.Should().BeTrue();
        options.MaxChars.Should().Be(RlmContext.MaxChars);
        options.Invoking(o => o.Validate()).Should().NotThrow();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(RlmContext.MaxChars + 1)]
    public void Validate_MaxCharsOutOfRange_Throws(int maxChars)
    {
        var options = new ContextLoadOptions { MaxChars = maxChars };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>()
            .WithParameterName(nameof(ContextLoadOptions.MaxChars)).WithMessage("*between 1 and 1,000,000,000*");
    }

    [Fact]
    public void Validate_BlankGlob_Throws()
    {
        var options = new ContextLoadOptions { Include = ["**/*.cs", " "] };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithParameterName(nameof(ContextLoadOptions.Include));
    }

    [Fact]
    public void Validate_SkipDirectoryWithSeparator_Throws()
    {
        var options = new ContextLoadOptions { SkipDirectories = ["src/gen"] };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithParameterName(nameof(ContextLoadOptions.SkipDirectories));
    }
}
