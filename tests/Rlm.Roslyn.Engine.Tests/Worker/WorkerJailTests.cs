using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>
/// The worker's jail (bubblewrap, <see cref="WorkerJail.Required"/>) on its own: every snippet here is trusted, so the
/// analyzer refuses nothing and only the jail stands between the snippet and the host's files, network, processes,
/// environment and memory.
/// </summary>
public sealed class WorkerJailTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>A secret held only by the parent (the test process): it must not exist anywhere in the worker's memory.</summary>
    private static string? s_parentSecret;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SnippetReadsHostFiles_NoneIsThere()
    {
        var hostTemp = Directory.CreateTempSubdirectory("rlm-jail-canary-");
        var tempCanary = Path.Combine(hostTemp.FullName, "canary.txt");
        var buildCanary = Path.Combine(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!, $"rlm-jail-canary-{Guid.NewGuid():N}.txt");
        File.WriteAllText(tempCanary, "host temp secret");
        File.WriteAllText(buildCanary, "host build secret");
        try
        {
            using var session = WorkerSessions.Trusted();
            var result = await session.RunAsync(
                "string Try(Func<object> f) { try { return f().ToString()!; } catch (Exception e) { return e.GetType().Name; } }\n" +
                $"foreach (var p in new[] {{ @\"{tempCanary}\", @\"{buildCanary}\", \"/etc/hostname\", \"/etc/passwd\", \"/root/.bashrc\" }})\n" +
                "    Console.WriteLine(Try(() => System.IO.File.ReadAllText(p)));\n" +
                "foreach (var d in new[] { \"/root\", \"/home\", \"/work\", \"/etc\" })\n" +
                "    Console.WriteLine(Try(() => System.IO.Directory.GetFileSystemEntries(d).Length));\n",
                Limit,
                Ct);

            result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().HaveCount(9);
            lines[..5].Should().OnlyContain(l => l == "FileNotFoundException" || l == "DirectoryNotFoundException" || l == "UnauthorizedAccessException", result.Output);
            // /root and /work exist in the jail only to hold the path down to a bound .NET install or worker folder (one
            // entry); a worker folder nobody may enter is bound as a staged copy instead, and then they do not exist.
            lines[5].Should().BeOneOf(["1", "DirectoryNotFoundException"], "/root holds nothing of the host's");
            lines[6].Should().Be("DirectoryNotFoundException");
            lines[7].Should().BeOneOf(["1", "DirectoryNotFoundException"], "/work holds only the path down to the worker's folder");
            lines[8].Should().Be("DirectoryNotFoundException");
        }
        finally
        {
            hostTemp.Delete(recursive: true);
            File.Delete(buildCanary);
        }
    }

    [Fact]
    public async Task RunAsync_SnippetWrites_NothingReachesTheHost()
    {
        var name = $"rlm-jail-write-{Guid.NewGuid():N}";
        var intoWorkerFolder = Path.Combine(AppContext.BaseDirectory, name);
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync(
            $"System.IO.File.WriteAllText(\"/tmp/{name}\", \"x\");\n" +
            $"Console.WriteLine(System.IO.File.ReadAllText(\"/tmp/{name}\"));\n" +
            $"try {{ System.IO.File.WriteAllText(@\"{intoWorkerFolder}\", \"x\"); Console.WriteLine(\"WROTE\"); }} catch (Exception e) {{ Console.WriteLine(e.GetType().Name + \": \" + e.Message); }}\n",
            Limit,
            Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("x", "the jail has a private, writable /tmp");
        lines[1].Should().NotBe("WROTE").And.Contain("Exception");
        File.Exists(Path.Combine("/tmp", name)).Should().BeFalse();
        File.Exists(Path.Combine(Path.GetTempPath(), name)).Should().BeFalse();
        File.Exists(intoWorkerFolder).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_ParentHasAMarkerVariable_JailEnvironmentHasNone()
    {
        var marker = $"rlm-jail-env-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("RLM_JAIL_TEST_MARKER", marker);
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync(
            "string.Join(\";\", Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => e.Key + \"=\" + e.Value))",
            Limit,
            Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Value.Should().NotContain(marker).And.NotContain("RLM_JAIL_TEST_MARKER").And.Contain("HOME=/tmp");
    }

    [Fact]
    public async Task RunAsync_SnippetConnectsToAHostListener_ConnectionFails()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync(
            "var t = Type.GetType(\"System.Net.Sockets.TcpClient, System.Net.Sockets\")!;\n" +
            "var client = Activator.CreateInstance(t)!;\n" +
            $"try {{ t.GetMethod(\"Connect\", [typeof(string), typeof(int)])!.Invoke(client, [\"127.0.0.1\", {port}]); Console.WriteLine(\"CONNECTED\"); }}\n" +
            "catch (System.Reflection.TargetInvocationException e) { Console.WriteLine(e.InnerException!.GetType().Name + \": \" + e.InnerException.Message); }\n" +
            "Console.WriteLine(string.Join(\",\", System.IO.File.ReadAllLines(\"/proc/net/dev\").Skip(2).Select(l => l.Split(':')[0].Trim())));\n",
            Limit,
            Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("SocketException");
        lines[1].Should().Be("lo", "the jail's network namespace has only its own loopback");
        listener.Pending().Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_SnippetListsProcesses_SeesOnlyTheJail()
    {
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync(
            "var pids = System.IO.Directory.GetDirectories(\"/proc\").Select(System.IO.Path.GetFileName).Where(n => n!.All(char.IsDigit)).Select(int.Parse!).Order().ToList();\n" +
            "Console.WriteLine(string.Join(\",\", pids));\n" +
            "Console.WriteLine(Environment.ProcessId);\n",
            Limit,
            Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pids = lines[0].Split(',').Select(int.Parse).ToList();
        pids.Should().BeEquivalentTo([1, 2], "bubblewrap's init and the worker are the jail's only processes");
        pids.Should().NotContain(Environment.ProcessId);
        var worker = JailedProcesses.Dotnet(session.WorkerProcessId!.Value);
        JailedProcesses.Status(worker, "NSpid").Should().Equal(worker.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[1]);
    }

    [Fact]
    public async Task Worker_ParentHoldsASecret_NotInTheWorkersMemory()
    {
        s_parentSecret = $"sk-rlm-jail-secret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("RLM_JAIL_TEST_API_KEY", s_parentSecret);
        var seen = Guid.NewGuid().ToString("N");
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync($"var held = string.Concat(\"rlm-jail-\", \"visible-\", \"{seen}\"); held.Length", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        var worker = JailedProcesses.Dotnet(session.WorkerProcessId!.Value);
        JailedProcesses.MemoryContains(worker, Encoding.Unicode.GetBytes("rlm-jail-visible-" + seen)).Should().BeTrue("the dump reads the worker's heap (a string the snippet built at run time)");
        JailedProcesses.MemoryContains(worker, Encoding.UTF8.GetBytes(s_parentSecret)).Should().BeFalse();
        JailedProcesses.MemoryContains(worker, Encoding.Unicode.GetBytes(s_parentSecret)).Should().BeFalse();
    }

    [Fact]
    public async Task Worker_ParentIsRoot_WorkerIsNotRootOnTheHost()
    {
        using var session = WorkerSessions.Trusted();

        var result = await session.RunAsync("System.IO.File.ReadAllLines(\"/proc/self/status\").First(l => l.StartsWith(\"CapEff:\"))", Limit, Ct);

        result.Outcome.Should().Be(SnippetOutcome.Completed, result.ToFeedback());
        result.Value.Should().EndWith("0000000000000000", "the jail drops every capability");
        var worker = JailedProcesses.Dotnet(session.WorkerProcessId!.Value);
        var uids = JailedProcesses.Status(worker, "Uid");
        var gids = JailedProcesses.Status(worker, "Gid");
        if (Environment.IsPrivilegedProcess)
        {
            uids.Should().AllBe("65534");
            gids.Should().AllBe("65534");
        }
        else
        {
            uids.Should().NotContain("0");
        }
    }

    [Fact]
    public async Task RunAsync_InTheJail_VariablesAndSubCallsWork()
    {
        using var session = WorkerSessions.Trusted();

        var first = await session.RunAsync("var n = Context.Length; var answer = Llm(\"hello\");", Limit, Ct);
        var second = await session.RunAsync("n + \":\" + answer + \":\" + System.Globalization.CultureInfo.GetCultureInfo(\"de-DE\").NumberFormat.NumberDecimalSeparator", Limit, Ct);

        first.Outcome.Should().Be(SnippetOutcome.Completed, first.ToFeedback());
        second.Outcome.Should().Be(SnippetOutcome.Completed, second.ToFeedback());
        var separator = System.Globalization.CultureInfo.GetCultureInfo("de-DE").NumberFormat.NumberDecimalSeparator;
        second.Value.Should().Be($"18:echo: hello:{separator}", "the jail holds what the runtime loads (ICU included) as the host does");
    }
}
