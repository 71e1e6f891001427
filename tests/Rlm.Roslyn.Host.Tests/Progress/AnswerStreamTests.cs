namespace Rlm.Roslyn.Host.Tests.Progress;

/// <summary>
/// The answer streamed from the root's reply pieces: whatever the split, what is written before the end is a prefix of
/// the answer the reply parser takes from the whole reply, and after <see cref="AnswerStream.FinishAsync"/> the output
/// is exactly the answer and a line break.
/// </summary>
public sealed class AnswerStreamTests
{
    public static readonly TheoryData<string> MarkerReplies = new()
    {
        "FINAL(Paris)",
        "The child agrees.\nFINAL(The capital is Paris (PARIS))",
        "**FINAL(Paris)**",
        "FINAL(  spaced out  )  \n",
        "FINAL(f(x) = 1) and more)",
        "FINAL(a) trailing prose",
        "FINAL(never closed\nsecond line\n\nthird",
        "FINAL(line one\r\nline two)\r\n",
        "FINAL(before\n```text\ninside a fence\n```\nafter)",
        "FINAL(first\nFINAL(second)",
        "FINAL(first\n  FINAL_VAR(x)",
        "FINAL(x\n``\n~~ not a fence\n)",
        "Look:\n```json\n{\"FINAL(\": 1}\n```\nFINAL(after a json fence)",
        "   _FINAL(emphasised)_",
        "FINAL()",
        "FINAL(((deep)))",
    };

    [Theory]
    [MemberData(nameof(MarkerReplies))]
    public async Task WriteAsync_AnySplit_WritesOnlyAPrefixOfTheParsedAnswer(string reply)
    {
        var answer = ((FinalText)ReplyParser.FindFinalMarker(reply)!).Answer;
        foreach (var size in new[] { 1, 2, 3, 5, 8, 13, reply.Length })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var stream = new AnswerStream(output);

            foreach (var piece in Split(reply, size))
            {
                await stream.WriteAsync(Delta(piece));
                answer.Should().StartWith(output.ToString(), "pieces of {0} chars of {1}", size, reply);
            }

            await stream.FinishAsync(answer, error);
            output.ToString().Should().Be(answer.Length == 0 ? "" : answer + Environment.NewLine);
            error.ToString().Should().BeEmpty();
        }
    }

    [Fact]
    public async Task WriteAsync_PlainMarkerWordByWord_WritesTheAnswerBeforeTheReplyEnds()
    {
        using var output = new StringWriter();
        var stream = new AnswerStream(output);

        foreach (var piece in new[] { "Done.\n", "FINAL(The ", "capital ", "is ", "Paris", ")" })
        {
            await stream.WriteAsync(Delta(piece));
        }

        output.ToString().Should().Be("The capital is Paris");
        stream.Written.Should().Be("The capital is Paris");
    }

    [Theory]
    [InlineData("```csharp\nvar x = 1;\n```\nFINAL(x is one)")]
    [InlineData("```repl\nFinal(2);\n```\nFINAL(two)")]
    [InlineData("FINAL_VAR(answer)")]
    [InlineData("No marker at all, just prose.")]
    [InlineData("The marker FINAL(mid-line) is not a marker.")]
    public async Task WriteAsync_AnswerNotFromMarkerText_WritesNothing(string reply)
    {
        using var output = new StringWriter();
        var stream = new AnswerStream(output);

        foreach (var piece in Split(reply, 2))
        {
            await stream.WriteAsync(Delta(piece));
        }

        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task WriteAsync_ChildPieces_AreIgnored()
    {
        using var output = new StringWriter();
        var stream = new AnswerStream(output);

        await stream.WriteAsync(new ReplyDeltaEvent { Path = "0.1", Depth = 1, Iteration = 1, Text = "FINAL(child answer)" });

        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task WriteAsync_FirstWrite_CallsBeforeFirstWriteOnceBeforeWriting()
    {
        using var output = new StringWriter();
        var calls = new List<string>();
        var stream = new AnswerStream(output, () =>
        {
            calls.Add("before, output was '" + output + "'");
            return ValueTask.CompletedTask;
        });

        foreach (var piece in new[] { "FINAL(", "a ", "b ", "c)" })
        {
            await stream.WriteAsync(Delta(piece));
        }

        calls.Should().Equal("before, output was ''");
        output.ToString().Should().Be("a b c");
    }

    [Fact]
    public async Task FinishAsync_AnswerDiffersFromStreamedText_EndsTheLineSaysSoAndWritesTheAnswer()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var stream = new AnswerStream(output);
        await stream.WriteAsync(Delta("FINAL(Paris)\n```csharp\nFinal(\"Lyon\");\n```"));

        await stream.FinishAsync("Lyon", error);

        output.ToString().Should().Be("Paris" + Environment.NewLine + "Lyon" + Environment.NewLine);
        error.ToString().Should().Contain("not the answer");
    }

    [Fact]
    public async Task FinishAsync_NothingStreamed_WritesTheWholeAnswer()
    {
        using var output = new StringWriter();
        var stream = new AnswerStream(output);
        await stream.WriteAsync(Delta("FINAL_VAR(x)"));

        await stream.FinishAsync("42", TextWriter.Null);

        output.ToString().Should().Be("42" + Environment.NewLine);
    }

    [Fact]
    public async Task WriteAsync_LaterTurn_StartsOverUntilSomethingWasWritten()
    {
        using var output = new StringWriter();
        var stream = new AnswerStream(output);

        await stream.WriteAsync(Delta("```csharp\nPrint(1);\n```\nFINAL(not streamed)", iteration: 1));
        await stream.WriteAsync(Delta("FINAL(streamed)", iteration: 2));

        output.ToString().Should().Be("streamed");
    }

    private static ReplyDeltaEvent Delta(string text, int iteration = 1) => new() { Path = "0", Depth = 0, Iteration = iteration, Text = text };

    private static IEnumerable<string> Split(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
