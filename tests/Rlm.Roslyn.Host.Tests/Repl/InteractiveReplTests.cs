namespace Rlm.Roslyn.Host.Tests.Repl;

public sealed class InteractiveReplTests
{
    [Theory]
    [InlineData("1 + 1")]
    [InlineData("var x = 1;")]
    [InlineData("Print(x)")]
    [InlineData("var broken = ;")]
    [InlineData("int Twice(int v) => v * 2;")]
    [InlineData("if (true) { Print(1); }")]
    [InlineData("record Pair(int A, int B);")]
    public void IsComplete_WholeSubmission_IsTrue(string code)
    {
        InteractiveRepl.IsComplete(code).Should().BeTrue();
    }

    [Theory]
    [InlineData("var xs = new[] {")]
    [InlineData("Print(1")]
    [InlineData("int Twice(int v)\n{")]
    [InlineData("var s = \"\"\"\nraw")]
    [InlineData("/* open comment")]
    [InlineData("foreach (var d in Documents)")]
    public void IsComplete_OpenConstruct_IsFalse(string code)
    {
        InteractiveRepl.IsComplete(code).Should().BeFalse();
    }
}
