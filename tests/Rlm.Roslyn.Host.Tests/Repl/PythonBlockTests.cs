namespace Rlm.Roslyn.Host.Tests.Repl;

/// <summary><see cref="PythonBlock"/>: when typed Python runs, by the rule of Python's own REPL.</summary>
public sealed class PythonBlockTests
{
    [Theory]
    [InlineData("x = 1\n", true)]
    [InlineData("print('a: b')\n", true)]
    [InlineData("d = {'k': 1}\n", true)]
    [InlineData("x = 1  # note:\n", true)]
    [InlineData("for i in range(3):\n", false)]
    [InlineData("for i in range(3):\n    print(i)\n", false)]
    [InlineData("for i in range(3):\n    print(i)\n\n", true)]
    [InlineData("def f(x):  # doc\n    return x\n", false)]
    [InlineData("xs = [1,\n", false)]
    [InlineData("xs = [1,\n  2]\n", true)]
    [InlineData("s = '''one\n", false)]
    [InlineData("s = '''one\ntwo'''\n", true)]
    [InlineData("s = \"(\"\n", true)]
    [InlineData("total = 1 + \\\n", false)]
    [InlineData("total = 1 + \\\n  2\n", true)]
    [InlineData("lambda x: x\n", true)]
    public void IsComplete_FollowsPythonsRepl(string code, bool expected) =>
        PythonBlock.IsComplete(code).Should().Be(expected);
}
