using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rlm.Roslyn.Extensions.Tests.Fakes;

namespace Rlm.Roslyn.Extensions.Tests.DependencyInjection;

public sealed class RlmServiceCollectionExtensionsTests
{
    private static readonly RlmContext Haystack = RlmContext.FromString(RlmScript.Haystack(30_000), "haystack.txt");

    [Fact]
    public async Task AddRlm_WithConfigurationAndKeyedClients_ResolvesAWorkingEngine()
    {
        var root = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m)
            ? RlmScript.Code("var hit = Grep(\"vault code\").First();\nFinal(Llm(hit.LineText));")
            : "root must not get plain calls");
        var sub = new ScriptedChatClient(m => "sub read: " + m[^1].Text);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rlm:MaxIterations"] = "3",
            ["Rlm:MaxDepth"] = "2",
            ["Rlm:SnippetTimeout"] = "00:00:30",
            ["Rlm:RootChatOptions:ModelId"] = "root-model",
            ["Rlm:SubChatOptions:ModelId"] = "sub-model",
            ["Rlm:RootClientKey"] = "root",
            ["Rlm:SubClientKey"] = "sub",
            ["Rlm:MinContextChars"] = "12345",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedChatClient("root", root);
        services.AddKeyedChatClient("sub", sub);
        services.AddRlm(configuration.GetSection(RlmServiceOptions.SectionName));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var engine = provider.GetRequiredService<RlmEngine>();
        var result = await engine.RunAsync("What is the vault code?", Haystack);

        engine.Options.MaxIterations.Should().Be(3);
        engine.Options.MaxDepth.Should().Be(2);
        engine.Options.SnippetTimeout.Should().Be(TimeSpan.FromSeconds(30));
        provider.GetRequiredService<IOptions<RlmServiceOptions>>().Value.MinContextChars.Should().Be(12345);
        result.Answer.Should().Be("sub read: the vault code is 4417");
        root.Requests.Should().ContainSingle().Which.Options!.ModelId.Should().Be("root-model");
        sub.Requests.Should().ContainSingle().Which.Options!.ModelId.Should().Be("sub-model");
        provider.GetRequiredService<RlmEngine>().Should().BeSameAs(engine, "the engine is a singleton");
    }

    [Fact]
    public async Task AddRlm_CodeConfiguration_AppliesAfterBindingAndUsesTheUnkeyedClient()
    {
        var root = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Context.Length);") : "plain");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MaxIterations"] = "3" }).Build();
        var services = new ServiceCollection();
        services.AddChatClient(root);
        services.AddRlm(configuration, o => o.Engine = o.Engine with { MaxIterations = o.Engine.MaxIterations + 4 });
        using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<RlmEngine>();

        engine.Options.MaxIterations.Should().Be(7);
        (await engine.RunAsync("How long?", Haystack)).Answer.Should().Be("30000");
    }

    [Fact]
    public void AddRlm_OutOfRangeValue_FailsOnResolveNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rlm:MaxIterations"] = "0" }).Build();
        var services = new ServiceCollection();
        services.AddChatClient(new ScriptedChatClient(_ => ""));
        services.AddRlm(configuration.GetSection("Rlm"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<RlmEngine>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxIterations*");
    }

    [Fact]
    public void AddRlm_NoChatClientRegistered_FailsWithWhatToRegister()
    {
        var services = new ServiceCollection();
        services.AddRlm();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<RlmEngine>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*needs an IChatClient*AddChatClient*");
    }

    [Fact]
    public void AddRlm_MissingKeyedSubClient_FailsNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddChatClient(new ScriptedChatClient(_ => ""));
        services.AddRlm(o => o.SubClientKey = "mini");
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<RlmEngine>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*keyed 'mini'*SubClientKey*");
    }

    [Fact]
    public async Task AddRlm_RegisteredSubmissionPolicy_IsUsedByTheEngine()
    {
        var root = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) && !m.Any(x => x.Role == ChatRole.Assistant) ? RlmScript.Code("Final(1);") : "FINAL(refused)");
        var services = new ServiceCollection();
        services.AddChatClient(root);
        services.AddSingleton<ISubmissionPolicy, RefuseAllPolicy>();
        services.AddRlm();
        using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<RlmEngine>();
        var result = await engine.RunAsync("q", Haystack);

        engine.Options.SubmissionPolicy.Should().BeOfType<RefuseAllPolicy>();
        result.Answer.Should().Be("refused", "the policy refused the snippet that would have answered 1");
        root.Requests[1].Messages.Last(m => m.Role == ChatRole.User).Text.Should().Contain("TEST001");
    }

    [Fact]
    public async Task UseRecursiveContext_InAServicePipeline_TakesTheThresholdAndSubClientFromAddRlm()
    {
        var root = new ScriptedChatClient(m => RlmScript.IsRlmTurn(m) ? RlmScript.Code("Final(Llm(\"hi\"));") : "passed");
        var sub = new ScriptedChatClient(_ => "from sub");
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddKeyedChatClient("sub", sub);
        services.AddChatClient(root).UseRecursiveContext();
        services.AddRlm(o => { o.MinContextChars = 2_000; o.SubClientKey = "sub"; });
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();

        client.GetService<RecursiveContextChatClient>()!.Options.MinContextChars.Should().Be(2_000);
        (await client.GetResponseAsync("short question")).Text.Should().Be("passed");
        (await client.GetResponseAsync(RlmScript.Haystack(2_000))).Text.Should().Be("from sub");
        logs.Entries.Select(e => e.Category).Distinct().Should().Contain(
        [
            typeof(RecursiveContextChatClient).FullName!,
            RlmTelemetry.EngineLogCategory,
            RlmTelemetry.ScriptingLogCategory,
        ]);
        logs.Entries.Should().Contain(e => e.Category == typeof(RecursiveContextChatClient).FullName && e.Message.Contains("routed through an RLM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseRecursiveContext_InAServicePipeline_RunsSnippetsUnderTheRegisteredPolicy()
    {
        var root = new ScriptedChatClient(m => !RlmScript.IsRlmTurn(m) ? "passed"
            : !m.Any(x => x.Role == ChatRole.Assistant) ? RlmScript.Code("Final(1);")
            : m[^1].Text.Contains("TEST001", StringComparison.Ordinal) ? "FINAL(refused)" : "FINAL(ran)");
        var services = new ServiceCollection();
        services.AddSingleton<ISubmissionPolicy, RefuseAllPolicy>();
        services.AddChatClient(root).UseRecursiveContext();
        services.AddRlm(o => o.MinContextChars = 1_000);
        using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync(RlmScript.Haystack(1_000));

        response.Text.Should().Be("refused");
    }

    private sealed class RefuseAllPolicy : ISubmissionPolicy
    {
        public IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> Analyze(Microsoft.CodeAnalysis.Compilation compilation, Microsoft.CodeAnalysis.SyntaxTree tree, CancellationToken cancellationToken = default) =>
        [
            Microsoft.CodeAnalysis.Diagnostic.Create(
                "TEST001", "Sandbox", "Refused by the test policy", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
                isEnabledByDefault: true, warningLevel: 0, location: Microsoft.CodeAnalysis.Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(0, 0))),
        ];
    }
}
