namespace Rlm.Roslyn.Tests.Loop.Parsing;

public sealed class ReplyParserExtractCodeBlocksTests
{
    [Fact]
    public void ExtractCodeBlocks_MixedFenceLanguages_ReturnsRunnableBlocksInOrder()
    {
        var reply = """
            Let me look first.
            ```csharp
            var a = 1;
            ```
            Some data:
            ```json
            { "x": 1 }
            ```
            ```cs
            Print(a);
            ```
            ```
            plain text
            ```
            ```C#
            var b = 2;
            ```
            ```c-sharp
            var c = 3;
            ```
            """;

        var blocks = ReplyParser.ExtractCodeBlocks(reply);

        blocks.Should().Equal(
            new CodeBlock(0, CodeLanguage.CSharp, "var a = 1;"),
            new CodeBlock(1, CodeLanguage.CSharp, "Print(a);"),
            new CodeBlock(2, CodeLanguage.CSharp, "var b = 2;"),
            new CodeBlock(3, CodeLanguage.CSharp, "var c = 3;"));
    }

    [Fact]
    public void ExtractCodeBlocks_MultiLineBlock_JoinsLinesWithNewline()
    {
        var reply = "```csharp\nvar a = 1;\n\nif (a > 0)\n{\n    Print(a);\n}\n```";

        ReplyParser.ExtractCodeBlocks(reply).Single().Code.Should().Be("var a = 1;\n\nif (a > 0)\n{\n    Print(a);\n}");
    }

    [Fact]
    public void ExtractCodeBlocks_InfoStringWithMoreWords_UsesFirstWord()
    {
        var reply = "```csharp title=\"step 1\"\nvar a = 1;\n```\n```text csharp\nnot code\n```";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, "var a = 1;"));
    }

    [Fact]
    public void ExtractCodeBlocks_TildeFence_IsABlock()
    {
        var reply = "~~~csharp\nvar s = \"```\";\n~~~\n";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, "var s = \"```\";"));
    }

    [Fact]
    public void ExtractCodeBlocks_TildeFence_NotClosedByBackticks()
    {
        var reply = "~~~cs\na();\n```\nb();\n~~~";

        ReplyParser.ExtractCodeBlocks(reply).Single().Code.Should().Be("a();\n```\nb();");
    }

    [Fact]
    public void ExtractCodeBlocks_FourBacktickFenceWithTripleInside_KeepsInnerFences()
    {
        var reply = """"
            ````csharp
            var md = """
            ```json
            {}
            ```
            """;
            ````
            ```cs
            Print(md);
            ```
            """";

        var blocks = ReplyParser.ExtractCodeBlocks(reply);

        blocks.Should().HaveCount(2);
        blocks[0].Code.Should().Be("var md = \"\"\"\n```json\n{}\n```\n\"\"\";");
        blocks[1].Should().Be(new CodeBlock(1, CodeLanguage.CSharp, "Print(md);"));
    }

    [Fact]
    public void ExtractCodeBlocks_LongerClosingFence_Closes()
    {
        var reply = "```cs\na();\n`````\nafter";

        ReplyParser.ExtractCodeBlocks(reply).Single().Code.Should().Be("a();");
    }

    [Fact]
    public void ExtractCodeBlocks_ClosingFenceWithText_DoesNotClose()
    {
        var reply = "```cs\na();\n``` not a close\nb();\n```";

        ReplyParser.ExtractCodeBlocks(reply).Single().Code.Should().Be("a();\n``` not a close\nb();");
    }

    [Fact]
    public void ExtractCodeBlocks_IndentedFence_RemovesFenceIndentFromContent()
    {
        var reply = "1. First:\n   ```csharp\n   var a = 1;\n     Print(a);\n  b();\n   ```";

        ReplyParser.ExtractCodeBlocks(reply).Single().Code.Should().Be("var a = 1;\n  Print(a);\nb();");
    }

    [Fact]
    public void ExtractCodeBlocks_FourSpaceIndentedFence_IsNotAFence()
    {
        var reply = "    ```csharp\n    var a = 1;\n    ```";

        ReplyParser.ExtractCodeBlocks(reply).Should().BeEmpty();
    }

    [Fact]
    public void ExtractCodeBlocks_InlineTripleBackticksOnOneLine_IsNotAFence()
    {
        var reply = "Run ```csharp Print(1)``` later.\n```csharp Print(1)```\n```cs\nPrint(2);\n```";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, "Print(2);"));
    }

    [Fact]
    public void ExtractCodeBlocks_ReplFenceByDefault_RunsAsCSharp()
    {
        var reply = "```REPL\nvar x = 1;\n```";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, "var x = 1;"));
    }

    [Fact]
    public void ExtractCodeBlocks_ReplFenceWithPythonRepl_RunsAsPython()
    {
        var reply = "```repl\nx = 1\n```";

        ReplyParser.ExtractCodeBlocks(reply, CodeLanguage.Python, pythonEnabled: true).Should().Equal(new CodeBlock(0, CodeLanguage.Python, "x = 1"));
    }

    [Fact]
    public void ExtractCodeBlocks_ReplFenceMappedToPythonWhilePythonDisabled_IsIgnored()
    {
        var reply = "```repl\nx = 1\n```";

        ReplyParser.ExtractCodeBlocks(reply, CodeLanguage.Python, pythonEnabled: false).Should().BeEmpty();
    }

    [Fact]
    public void ExtractCodeBlocks_PythonDisabled_IgnoresPythonBlocks()
    {
        var reply = "```python\nprint(1)\n```\n```cs\nPrint(2);\n```\n```py\nprint(3)\n```";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, "Print(2);"));
    }

    [Fact]
    public void ExtractCodeBlocks_PythonEnabled_ReturnsPythonBlocks()
    {
        var reply = "```Python\nprint(1)\n```\n```cs\nPrint(2);\n```\n```py\nprint(3)\n```";

        ReplyParser.ExtractCodeBlocks(reply, pythonEnabled: true).Should().Equal(
            new CodeBlock(0, CodeLanguage.Python, "print(1)"),
            new CodeBlock(1, CodeLanguage.CSharp, "Print(2);"),
            new CodeBlock(2, CodeLanguage.Python, "print(3)"));
    }

    [Fact]
    public void ExtractCodeBlocks_UnclosedFinalFence_TakesRestOfReply()
    {
        var reply = "```cs\nPrint(1);\n```\nNow the big one:\n```csharp\nvar hits = Grep(\"x\");\nPrint(hits";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(
            new CodeBlock(0, CodeLanguage.CSharp, "Print(1);"),
            new CodeBlock(1, CodeLanguage.CSharp, "var hits = Grep(\"x\");\nPrint(hits"));
    }

    [Fact]
    public void ExtractCodeBlocks_UnclosedFenceEndingWithNewline_HasNoTrailingEmptyLine()
    {
        ReplyParser.ExtractCodeBlocks("```cs\nPrint(1);\n").Single().Code.Should().Be("Print(1);");
    }

    [Fact]
    public void ExtractCodeBlocks_CrLfLineBreaks_NormalizesToLf()
    {
        var reply = "Text\r\n```csharp  \r\nvar a = 1;\r\nPrint(a);\r\n```\r\nmore\r\n";

        ReplyParser.ExtractCodeBlocks(reply).Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, "var a = 1;\nPrint(a);"));
    }

    [Fact]
    public void ExtractCodeBlocks_EmptyBlock_IsKept()
    {
        ReplyParser.ExtractCodeBlocks("```cs\n```").Should().Equal(new CodeBlock(0, CodeLanguage.CSharp, ""));
    }

    [Fact]
    public void ExtractCodeBlocks_NoFences_ReturnsEmpty()
    {
        ReplyParser.ExtractCodeBlocks("Just prose, and `inline` code.").Should().BeEmpty();
        ReplyParser.ExtractCodeBlocks("").Should().BeEmpty();
    }
}
