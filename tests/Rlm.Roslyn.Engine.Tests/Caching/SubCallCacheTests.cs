using Microsoft.Extensions.AI;
using Rlm.Roslyn.Tests.Context;
using Rlm.Roslyn.Tests.Fakes;

namespace Rlm.Roslyn.Tests.Caching;

/// <summary>The sub-call cache: hits and savings in usage, in memory within a run, on disk across runs, keys, concurrent writers.</summary>
public sealed class SubCallCacheTests
{
    private static readonly RlmContext Tiny = RlmContext.FromString("tiny\n", "tiny.txt");

    [Fact]
    public async Task LlmMany_RepeatedPrompts_AskTheEndpointOnceEachAndCountHits()
    {
        var sub = new ScriptedChatClient((m, _, ct) => Task.Delay(20, ct).ContinueWith(_ => "A:" + m[^1].Text, ct, TaskContinuationOptions.None, TaskScheduler.Default));
        var root = new ScriptedChatClient(Code.Reply("Final(string.Join(\",\", LlmMany(new[] { \"aaaa\", \"bbbb\", \"aaaa\", \"aaaa\" })) + \"|\" + Llm(\"bbbb\"));"));

        var result = await new RlmEngine(root, sub).RunAsync("q", Tiny, TestContext.Current.CancellationToken);

        result.Answer.Should().Be("A:aaaa,A:bbbb,A:aaaa,A:aaaa|A:bbbb");
        sub.Requests.Should().HaveCount(2);
        var depth1 = result.UsageByDepth[1];
        depth1.Calls.Should().Be(2);
        depth1.CacheHits.Should().Be(3);
        depth1.InputTokens.Should().Be(2, "two prompts of 4 chars were sent");
        depth1.SavedInputTokens.Should().Be(3, "three more were answered from the cache");
        depth1.SavedOutputTokens.Should().Be(3 * ("A:aaaa".Length / 4));
    }

    [Fact]
    public async Task RunAsync_CacheOff_SendsEveryRepeat()
    {
        var sub = new ScriptedChatClient(m => "A:" + m[^1].Text);
        var root = new ScriptedChatClient(Code.Reply("Final(string.Join(\",\", LlmMany(new[] { \"a\", \"a\", \"a\" })));"));

        var result = await new RlmEngine(root, sub, new RlmOptions { CacheSubCalls = false }).RunAsync("q", Tiny, TestContext.Current.CancellationToken);

        sub.Requests.Should().HaveCount(3);
        result.Usage.CacheHits.Should().Be(0);
    }

    [Fact]
    public async Task DiskCache_SecondRun_AnswersSubCallsAndChildTurnsFromTheFolder()
    {
        using var folder = new TempDirectory();
        ScriptedChatClient NewSub() => new(m => Prompts.IsRlmTurn(m) ? "FINAL(child " + Prompts.Question(m) + ")" : "A:" + m[^1].Text);
        ScriptedChatClient NewRoot() => new(Code.Reply("Final(Llm(\"x\") + \" \" + Recurse(\"y\", Context));"));
        var options = new RlmOptions { SubCallCache = new DiskSubCallCache(folder.Root) };

        var (firstSub, secondSub) = (NewSub(), NewSub());
        var first = await new RlmEngine(NewRoot(), firstSub, options).RunAsync("q", Tiny, TestContext.Current.CancellationToken);
        var second = await new RlmEngine(NewRoot(), secondSub, options with { SubCallCache = new DiskSubCallCache(folder.Root) }).RunAsync("q", Tiny, TestContext.Current.CancellationToken);

        first.Answer.Should().Be("A:x child y");
        second.Answer.Should().Be(first.Answer);
        firstSub.Requests.Should().HaveCount(2);
        secondSub.Requests.Should().BeEmpty();
        second.Usage.CacheHits.Should().Be(2);
        second.UsageByDepth[1].Calls.Should().Be(0);
        second.UsageByDepth[1].SavedInputTokens.Should().Be(first.UsageByDepth[1].InputTokens);
        Directory.GetFiles(folder.Root, "*.json", SearchOption.AllDirectories).Should().HaveCount(2);
    }

    [Fact]
    public async Task DiskCache_ManyConcurrentWriters_LeaveOneWholeFileAndNoTemporaries()
    {
        using var folder = new TempDirectory();
        var key = new string('a', 64);

        await Parallel.ForEachAsync(Enumerable.Range(0, 64), TestContext.Current.CancellationToken, async (i, ct) =>
        {
            var cache = new DiskSubCallCache(folder.Root); // separate instances, as separate processes would have
            await cache.SetAsync(key, new CachedReply($"answer {i} " + new string('z', 10_000), "m", i, i, "stop"), ct);
            (await cache.GetAsync(key, ct)).Should().NotBeNull("a reader sees a whole file, never a torn one");
        });

        var reply = await new DiskSubCallCache(folder.Root).GetAsync(key, TestContext.Current.CancellationToken);
        reply!.Text.Should().MatchRegex(@"^answer \d+ z{10000}$");
        Directory.GetFiles(folder.Root, "*", SearchOption.AllDirectories).Should().ContainSingle().Which.Should().EndWith(key + ".json");
    }

    [Fact]
    public async Task DiskCache_CorruptFile_IsAMissAndGetsReplaced()
    {
        using var folder = new TempDirectory();
        var key = new string('b', 64);
        var cache = new DiskSubCallCache(folder.Root);
        Directory.CreateDirectory(Path.Join(folder.Root, "bb"));
        await File.WriteAllTextAsync(Path.Join(folder.Root, "bb", key + ".json"), "{\"Text\": \"trunc", TestContext.Current.CancellationToken);

        (await cache.GetAsync(key, TestContext.Current.CancellationToken)).Should().BeNull();
        await cache.SetAsync(key, new CachedReply("fixed", null, 1, 2, null), TestContext.Current.CancellationToken);
        (await cache.GetAsync(key, TestContext.Current.CancellationToken))!.Text.Should().Be("fixed");
    }

    [Fact]
    public void Key_DependsOnModelMessagesAndOptions()
    {
        ChatMessage[] messages = [new(ChatRole.User, "hello")];
        var key = SubCallCacheKey.Compute("m", messages, new ChatOptions { Temperature = 0.5f });

        key.Should().MatchRegex("^[0-9a-f]{64}$");
        SubCallCacheKey.Compute("m", [new(ChatRole.User, "hello")], new ChatOptions { Temperature = 0.5f }).Should().Be(key);
        SubCallCacheKey.Compute("other", messages, new ChatOptions { Temperature = 0.5f }).Should().NotBe(key);
        SubCallCacheKey.Compute("m", [new(ChatRole.User, "hello!")], new ChatOptions { Temperature = 0.5f }).Should().NotBe(key);
        SubCallCacheKey.Compute("m", [new(ChatRole.System, "hello")], new ChatOptions { Temperature = 0.5f }).Should().NotBe(key);
        SubCallCacheKey.Compute("m", messages, new ChatOptions { Temperature = 0.7f }).Should().NotBe(key);
        SubCallCacheKey.Compute("m", messages, null).Should().NotBe(key);
        SubCallCacheKey.Compute("m", messages, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")] }).Should().BeNull("tool calls are not cached");
    }

    [Fact]
    public async Task UseRlmCache_ConcurrentIdenticalRequests_ReachTheEndpointOnce()
    {
        var calls = 0;
        using var inner = new ScriptedChatClient(async (_, _, ct) =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(50, ct);
            return "once";
        });
        using var client = inner.AsBuilder().UseRlmCache().Build();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetResponseAsync("same", cancellationToken: TestContext.Current.CancellationToken)));

        calls.Should().Be(1);
        responses.Should().OnlyContain(r => r.Text == "once");
        responses.Count(CachingChatClient.IsCacheHit).Should().Be(9);
    }
}
