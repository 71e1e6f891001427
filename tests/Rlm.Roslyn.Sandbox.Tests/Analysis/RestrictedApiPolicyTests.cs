using Microsoft.CodeAnalysis;
using Rlm.Roslyn.Sandbox.Tests.Fakes;

namespace Rlm.Roslyn.Sandbox.Tests.Analysis;

public sealed class RestrictedApiPolicyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static IReadOnlyList<Diagnostic> Analyze(params string[] snippets)
    {
        var (compilation, tree) = Submissions.Compile(snippets);
        Submissions.Errors(compilation).Should().BeEmpty();
        return RestrictedApiPolicy.Default.Analyze(compilation, tree);
    }

    [Fact]
    public async Task RunAsync_FileRead_IsRefusedWithWhatWhereAndWhatInstead()
    {
        using var session = Sessions.New(RestrictedApiPolicy.Default);

        var result = await session.RunAsync("var n = 0;\nfor (var i = 0; i < 3; i++) n++;\nvar text = System.IO.File.ReadAllText(\"/etc/passwd\");", Limit);

        var diagnostic = result.Should().BeOfType<SubmissionRejected>().Which.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Should().Be(new SnippetDiagnostic(
            "RLM001", 3, 22,
            "'System.IO.File' is not allowed in snippets (files and directories). The context is already loaded: use Context, Documents, Peek(document) or Grep instead; for in-memory text use StringReader, StringWriter or MemoryStream."));
        result.ToFeedback().Should().Contain("(3,22): error RLM001: 'System.IO.File' is not allowed");
        session.SubmissionCount.Should().Be(0, "nothing ran");
    }

    [Fact]
    public void Analyze_RefusedMemberOfAnAllowedType_NamesTheMemberAtItsName()
    {
        var diagnostic = Analyze("if (true)\n{\n    Print(Environment.GetEnvironmentVariable(\"KEY\"));\n}").Should().ContainSingle().Subject;

        diagnostic.Id.Should().Be("RLM004");
        diagnostic.GetMessage().Should().StartWith("'System.Environment.GetEnvironmentVariable(string)' is not allowed in snippets (environment and process state).");
        diagnostic.Location.GetLineSpan().StartLinePosition.Character.Should().Be(22, "it points at GetEnvironmentVariable");
    }

    [Fact]
    public void Analyze_GenericArgument_IsReportedOnceAtTheRefusedType()
    {
        var diagnostic = Analyze("var files = new List<System.IO.FileInfo>();").Should().ContainSingle().Subject;

        diagnostic.GetMessage().Should().StartWith("'System.IO.FileInfo' is not allowed");
        diagnostic.Location.GetLineSpan().StartLinePosition.Character.Should().Be(31);
    }

    [Fact]
    public void Analyze_UsingStatic_IsReportedAtTheDirectiveAndAtEachCall()
    {
        var diagnostics = Analyze("using static System.IO.File;\nvar a = Exists(\"x\");\nvar b = ReadAllText(\"y\");");

        diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line)).Should().Equal(("RLM001", 0), ("RLM001", 1), ("RLM001", 2));
    }

    [Fact]
    public void Analyze_TwoRefusedThingsInOneExpression_AreBothReported()
    {
        var diagnostics = Analyze("var t = Type.GetType(\"System.IO.File\").Assembly;");

        diagnostics.Select(d => d.GetMessage().Split('\'')[1]).Should().Equal("System.Type.GetType(string)", "System.Type.Assembly");
    }

    [Fact]
    public void Analyze_Constructs_AreRefusedByKind()
    {
        Analyze("int F() { System.Span<int> s = stackalloc int[4]; return s.Length; }").Should().ContainSingle()
            .Which.GetMessage().Should().Be("'stackalloc' is not allowed in snippets (unsafe code). Use arrays, Span<T> over arrays, or string APIs; for scratch space use new T[n].");
        Analyze("class C { ~C() { } }").Should().ContainSingle().Which.Id.Should().Be("RLM012");
        Analyze("var i = 0;\nagain: i++;\nif (i < 3) goto again;").Should().ContainSingle().Which.Id.Should().Be("RLM014");
    }

    [Theory]
    [InlineData("Print(nameof(System.IO.File));")]
    [InlineData("Print(nameof(Environment.GetEnvironmentVariable));")]
    [InlineData("Print(\"\".GetType().Name + typeof(int).FullName);")]
    [InlineData("__RlmCheckpoint(); ScriptCheckpoint.Check();")]
    [InlineData("class Mine { public int X; }")]
    public void Analyze_HarmlessUses_AreAllowed(string code)
    {
        Analyze(code).Should().BeEmpty();
    }

    [Fact]
    public void Analyze_TypesFromEarlierSnippets_AreAllowedButTheirSignaturesWereChecked()
    {
        Analyze("record Hit(string Doc, int Line);", "var h = new Hit(\"a\", 1); Print(h with { Line = 2 });").Should().BeEmpty();
        Analyze("record Bad(System.IO.FileInfo F);").Should().ContainSingle().Which.Id.Should().Be("RLM001");
    }

    [Fact]
    public void FromAllowList_AppendedLines_LoosenAndTighten()
    {
        var loose = RestrictedApiPolicy.FromAllowList(RestrictedApiPolicy.DefaultAllowListText + "\ntype System.IO.File\n");
        var strict = RestrictedApiPolicy.FromAllowList(RestrictedApiPolicy.DefaultAllowListText + "\ndeny RLM100 type System.Math\n");
        var (fileCompilation, fileTree) = Submissions.Compile("var ok = System.IO.File.Exists(\"x\");");
        var (mathCompilation, mathTree) = Submissions.Compile("var r = Math.Sqrt(2);");

        loose.Analyze(fileCompilation, fileTree).Should().BeEmpty();
        strict.Analyze(mathCompilation, mathTree).Should().ContainSingle().Which.GetMessage().Should().StartWith("'System.Math' is not allowed in snippets (not on the allow-list).");
        RestrictedApiPolicy.Default.Analyze(mathCompilation, mathTree).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_WithoutPolicy_RunsTrustedCode()
    {
        using var session = Sessions.New(policy: null);

        var result = await session.RunAsync("Print(System.IO.Path.GetTempPath().Length > 0);", Limit);

        result.Should().BeOfType<SubmissionCompleted>().Which.Output.Should().Be("true\n");
    }

    [Fact]
    public void Analyze_SharedInstance_GivesTheSameAnswersFromManyThreads()
    {
        var snippets = new[] { "var a = System.IO.File.Exists(\"x\");", "var b = Grep(\"x\").Count;", "GC.Collect();", "var c = new List<int> { 1 }.Sum();" };
        var compiled = snippets.Select(s => Submissions.Compile(s)).ToArray();

        var ids = Enumerable.Range(0, 64).AsParallel()
            .Select(i => compiled[i % compiled.Length])
            .Select(c => string.Join(",", RestrictedApiPolicy.Default.Analyze(c.Compilation, c.Tree).Select(d => d.Id)))
            .ToList();

        ids.Distinct().Should().BeEquivalentTo(["RLM001", "", "RLM010"]);
    }

    [Fact]
    public void Analyze_Cancelled_Throws()
    {
        var (compilation, tree) = Submissions.Compile("var a = 1;");

        var analyze = () => RestrictedApiPolicy.Default.Analyze(compilation, tree, new CancellationToken(canceled: true));

        analyze.Should().Throw<OperationCanceledException>();
    }
}
