using Rlm.Roslyn.AllowLists;

namespace Rlm.Roslyn.Sandbox.Tests.AllowLists;

public sealed class AllowListTests
{
    private const string Rules = "rule RLM001 files: Use Context instead.\nrule RLM004 environment: Use Query instead.\n";

    [Fact]
    public void Parse_MostSpecificEntryWins_MemberThenWildcardThenTypeThenNamespace()
    {
        var list = AllowList.Parse(Rules + """
            namespace System
            deny RLM001 namespace System.IO
            type System.IO.Path
            deny RLM001 member System.IO.Path.*
            member System.IO.Path.GetExtension
            """);

        list.DecideType("System", ["String"]).Should().BeNull();
        list.DecideType("System.IO", ["File"])!.Id.Should().Be("RLM001");
        list.DecideType("System.IO", ["Path"]).Should().BeNull();
        list.DecideMember("System.IO", ["Path"], "GetTempPath")!.Id.Should().Be("RLM001");
        list.DecideMember("System.IO", ["Path"], "GetExtension").Should().BeNull();
        list.DecideMember("System.IO", ["File"], "Exists")!.Id.Should().Be("RLM001");
    }

    [Fact]
    public void Parse_NamespaceCoversNestedNamespaces_LongestPrefixWins()
    {
        var list = AllowList.Parse(Rules + "namespace System.Collections\ndeny RLM004 namespace System.Collections.Secret\n");

        list.DecideNamespace("System.Collections.Generic").Should().BeNull();
        list.DecideNamespace("System.Collections.Secret.Deeper")!.Id.Should().Be("RLM004");
        list.DecideNamespace("System.Text")!.Id.Should().Be("RLM100", "nothing covers it");
    }

    [Fact]
    public void Parse_NestedType_FollowsItsContainingType()
    {
        var list = AllowList.Parse(Rules + "deny RLM004 type System.Environment\ntype System.Environment.SpecialFolder\n");

        list.DecideType("System", ["Environment", "SpecialFolder"]).Should().BeNull();
        list.DecideType("System", ["Environment", "Other"])!.Id.Should().Be("RLM004");
    }

    [Fact]
    public void Parse_LaterLineForTheSameName_ReplacesTheEarlierOne()
    {
        var list = AllowList.Parse(Rules + "deny RLM001 type System.IO.File\nallow type System.IO.File\n");

        list.DecideType("System.IO", ["File"]).Should().BeNull();
    }

    [Fact]
    public void Parse_ConstructorsAndOperators_UseMetadataNames()
    {
        var list = AllowList.Parse(Rules + "type System.Threading.Tasks.Task\ndeny RLM004 member System.Threading.Tasks.Task..ctor\n");

        list.DecideMember("System.Threading.Tasks", ["Task"], ".ctor")!.Id.Should().Be("RLM004");
        list.DecideMember("System.Threading.Tasks", ["Task"], "WhenAll").Should().BeNull();
    }

    [Fact]
    public void Parse_RuleLine_KeepsFamilyAndHintWithHashAndColons()
    {
        var list = AllowList.Parse("rule RLM042 odd things: Use C# records: they print well.   # a comment\n");

        list.Rule("RLM042").Should().Be(new SandboxRule("RLM042", "odd things", "Use C# records: they print well."));
        list.Rule("RLM042").Message("X.Y").Should().Be("'X.Y' is not allowed in snippets (odd things). Use C# records: they print well.");
    }

    [Fact]
    public void Rule_ConstructRulesMissingFromTheList_FallBackToBuiltInTexts()
    {
        var list = AllowList.Parse("");

        list.Rule("RLM007").Family.Should().Be("unsafe code");
        list.NotAllowListed.Id.Should().Be("RLM100");
    }

    [Theory]
    [InlineData("deny RLM999 type System.IO.File", "line 1: rule RLM999 is not declared")]
    [InlineData("type System.Collections.Generic.List<T>", "line 1: 'System.Collections.Generic.List<T>' is not a dotted name")]
    [InlineData("\n\nmember File", "line 3: 'File' is not a member name")]
    [InlineData("allow class System.String", "line 1: unknown kind 'class'")]
    [InlineData("deny type System.IO.File", "line 1: expected 'deny <RULE-ID>")]
    [InlineData("rule RLM001 no colon here", "line 1: expected 'rule <RULE-ID> <family>: <hint>'")]
    [InlineData("namespace", "line 1")]
    public void Parse_MalformedLine_ThrowsNamingTheLine(string text, string expected)
    {
        var parse = () => AllowList.Parse(text);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void DefaultList_Parses_WithEveryRuleDeclared()
    {
        var list = AllowList.Parse(RestrictedApiPolicy.DefaultAllowListText);

        list.Rules.Keys.Should().BeEquivalentTo(
            ["RLM001", "RLM002", "RLM003", "RLM004", "RLM005", "RLM006", "RLM007", "RLM008", "RLM009", "RLM010", "RLM011", "RLM012", "RLM013", "RLM014", "RLM015", "RLM016", "RLM017", "RLM100"]);
        list.Rules.Values.Should().OnlyContain(r => r.Hint.EndsWith('.'));
        list.EntryCount.Should().BeGreaterThan(200);
    }
}
