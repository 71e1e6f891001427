namespace Rlm.Roslyn.Tests.Loop.Parsing;

public sealed class ReplyParserFindFinalMarkerTests
{
    [Fact]
    public void FindFinalMarker_SimpleFinal_ReturnsAnswer()
    {
        ReplyParser.FindFinalMarker("I have it.\nFINAL(42)").Should().Be(new FinalText("42"));
    }

    [Fact]
    public void FindFinalMarker_AnswerWithSpaces_IsTrimmed()
    {
        ReplyParser.FindFinalMarker("  FINAL(  The answer is 42.  )  \n").Should().Be(new FinalText("The answer is 42."));
    }

    [Fact]
    public void FindFinalMarker_NestedParentheses_KeepsThemAll()
    {
        ReplyParser.FindFinalMarker("FINAL(f(x) = (a+b))").Should().Be(new FinalText("f(x) = (a+b)"));
    }

    [Fact]
    public void FindFinalMarker_UnbalancedParenthesisInside_IsGreedy()
    {
        ReplyParser.FindFinalMarker("FINAL(the steps: 1) read 2) count)").Should().Be(new FinalText("the steps: 1) read 2) count"));
    }

    [Fact]
    public void FindFinalMarker_MultiLineAnswer_KeepsLines()
    {
        var reply = "Done.\nFINAL(Three files mention it:\n- a.txt (twice)\n- b.txt\n- c.txt\n)\n";

        ReplyParser.FindFinalMarker(reply).Should().Be(new FinalText("Three files mention it:\n- a.txt (twice)\n- b.txt\n- c.txt"));
    }

    [Fact]
    public void FindFinalMarker_CrLfMultiLineAnswer_NormalizesToLf()
    {
        ReplyParser.FindFinalMarker("FINAL(line 1\r\nline 2)\r\n").Should().Be(new FinalText("line 1\nline 2"));
    }

    [Fact]
    public void FindFinalMarker_ProseAfterClosedAnswer_UsesBalancedMatch()
    {
        ReplyParser.FindFinalMarker("FINAL(f(x) = 1)\n\nHope this helps.").Should().Be(new FinalText("f(x) = 1"));
    }

    [Fact]
    public void FindFinalMarker_NeverClosed_TakesRestOfText()
    {
        ReplyParser.FindFinalMarker("FINAL(The answer is 42\nbecause of reasons").Should().Be(new FinalText("The answer is 42\nbecause of reasons"));
    }

    [Fact]
    public void FindFinalMarker_NeverClosedWithInnerPair_TakesRestOfText()
    {
        ReplyParser.FindFinalMarker("FINAL(f(x) is big\nreally").Should().Be(new FinalText("f(x) is big\nreally"));
    }

    [Fact]
    public void FindFinalMarker_InsideCodeBlock_IsIgnored()
    {
        var reply = "Let me check:\n```csharp\n// FINAL(not yet)\nFINAL(x)\n```\n~~~\nFINAL_VAR(y)\n~~~\n```json\nFINAL(z)\n```";

        ReplyParser.FindFinalMarker(reply).Should().BeNull();
    }

    [Fact]
    public void FindFinalMarker_InsideUnclosedCodeBlock_IsIgnored()
    {
        ReplyParser.FindFinalMarker("```cs\nvar a = 1;\nFINAL(a)").Should().BeNull();
    }

    [Fact]
    public void FindFinalMarker_AfterCodeBlock_IsFound()
    {
        var reply = "```csharp\nvar answer = Compute();\nFINAL(in code)\n```\nFINAL(outside)";

        ReplyParser.FindFinalMarker(reply).Should().Be(new FinalText("outside"));
    }

    [Fact]
    public void FindFinalMarker_GreedyAnswer_DoesNotReachIntoCodeBlocks()
    {
        var reply = "FINAL(42\n```cs\nPrint(\"x)\");\n```\n)";

        ReplyParser.FindFinalMarker(reply).Should().Be(new FinalText("42"));
    }

    [Theory]
    [InlineData("FINAL_ANSWER(42)")]
    [InlineData("MY_FINAL(42)")]
    [InlineData("The FINAL(42) is near.")]
    [InlineData("final(42)")]
    [InlineData("FINAL 42")]
    [InlineData("Call `FINAL(answer)` when you are done.")]
    public void FindFinalMarker_NotAMarker_ReturnsNull(string reply)
    {
        ReplyParser.FindFinalMarker(reply).Should().BeNull();
    }

    [Theory]
    [InlineData("**FINAL(42)**")]
    [InlineData("  **FINAL(42)**  ")]
    [InlineData("__FINAL(42)__")]
    [InlineData("*FINAL(42)*")]
    [InlineData("**FINAL(42)** is my answer.")]
    public void FindFinalMarker_MarkdownEmphasis_IsAllowed(string reply)
    {
        ReplyParser.FindFinalMarker(reply).Should().Be(new FinalText("42"));
    }

    [Theory]
    [InlineData("FINAL_VAR(answer)")]
    [InlineData("FINAL_VAR( answer )")]
    [InlineData("FINAL_VAR(\"answer\")")]
    [InlineData("FINAL_VAR('answer')")]
    [InlineData("FINAL_VAR(`answer`)")]
    [InlineData("FINAL_VAR( \" answer \" )")]
    [InlineData("**FINAL_VAR(answer)**")]
    [InlineData("FINAL_VAR(answer")]
    public void FindFinalMarker_FinalVar_ReturnsStrippedName(string reply)
    {
        ReplyParser.FindFinalMarker(reply).Should().Be(new FinalVariable("answer"));
    }

    [Fact]
    public void FindFinalMarker_FinalVarNameEndsAtFirstParenOnItsLine()
    {
        ReplyParser.FindFinalMarker("FINAL_VAR(result) (the list)\nmore)").Should().Be(new FinalVariable("result"));
    }

    [Fact]
    public void FindFinalMarker_FinalVarWithMismatchedQuotes_KeepsThem()
    {
        ReplyParser.FindFinalMarker("FINAL_VAR(\"answer')").Should().Be(new FinalVariable("\"answer'"));
    }

    [Fact]
    public void FindFinalMarker_FinalBeforeFinalVar_FirstWins()
    {
        ReplyParser.FindFinalMarker("FINAL(text)\nFINAL_VAR(answer)").Should().Be(new FinalText("text"));
    }

    [Fact]
    public void FindFinalMarker_FinalVarBeforeFinal_FirstWins()
    {
        ReplyParser.FindFinalMarker("FINAL_VAR(answer)\nFINAL(text)").Should().Be(new FinalVariable("answer"));
    }

    [Fact]
    public void FindFinalMarker_TwoFinals_GreedyStopsAtTheNextMarkerLine()
    {
        ReplyParser.FindFinalMarker("FINAL(first (draft))\nFINAL(second)").Should().Be(new FinalText("first (draft)"));
    }

    [Fact]
    public void FindFinalMarker_NoMarker_ReturnsNull()
    {
        ReplyParser.FindFinalMarker("Let me look at the context first.\n```csharp\nPrint(Context.Length);\n```").Should().BeNull();
        ReplyParser.FindFinalMarker("").Should().BeNull();
    }

    [Fact]
    public void FindFinalMarker_EmptyFinal_ReturnsEmptyAnswer()
    {
        ReplyParser.FindFinalMarker("FINAL()").Should().Be(new FinalText(""));
    }
}
