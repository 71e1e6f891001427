using System.Globalization;

namespace Rlm.Roslyn.Benchmarks;

/// <summary>
/// The memory of a process and all its descendants, read from <c>/proc</c> (Linux only): per process its name, RSS
/// (<c>VmRSS</c> of <c>status</c>, with its anonymous part <c>RssAnon</c>) and PSS (<c>Pss</c> of <c>smaps_rollup</c>,
/// which splits shared pages such as the .NET install's mapped files between the processes that map them). Used by
/// <c>worker-startup</c> on a worker's jail (setpriv, bwrap, the dotnet worker).
/// </summary>
/// <param name="Processes">Each process of the tree, the root first.</param>
internal sealed record ProcessTreeMemory(IReadOnlyList<(int Pid, string Name, long RssKb, long RssAnonKb, long PssKb)> Processes)
{
    /// <summary>RSS of the whole tree, in KB (shared pages counted once per process that maps them).</summary>
    public long RssKb => Processes.Sum(p => p.RssKb);

    /// <summary>PSS of the whole tree, in KB.</summary>
    public long PssKb => Processes.Sum(p => p.PssKb);

    /// <summary>Reads the tree rooted at <paramref name="root"/> (a process that already ended is left out).</summary>
    public static ProcessTreeMemory Read(int root)
    {
        var processes = new List<(int, string, long, long, long)>();
        foreach (var pid in Tree(root))
        {
            try
            {
                var status = File.ReadAllLines($"/proc/{pid}/status");
                var name = Field(status, "Name:") ?? "?";
                var rss = Kb(Field(status, "VmRSS:"));
                var anon = Kb(Field(status, "RssAnon:"));
                var pss = Kb(Field(File.ReadAllLines($"/proc/{pid}/smaps_rollup"), "Pss:"));
                processes.Add((pid, name, rss, anon, pss));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return new ProcessTreeMemory(processes);
    }

    /// <summary>One line per process and the total, in MB.</summary>
    public string Describe() =>
        string.Join("; ", Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}[{p.Pid}] RSS {p.RssKb / 1024.0:0.0} MB (anon {p.RssAnonKb / 1024.0:0.0}) PSS {p.PssKb / 1024.0:0.0} MB")))
        + string.Create(CultureInfo.InvariantCulture, $"; total RSS {RssKb / 1024.0:0.0} MB, PSS {PssKb / 1024.0:0.0} MB");

    private static IEnumerable<int> Tree(int root)
    {
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            yield return pid;
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{pid}/task");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                string children;
                try
                {
                    children = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    queue.Enqueue(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private static string? Field(string[] lines, string name) =>
        lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim();

    private static long Kb(string? value) =>
        value is null ? 0 : long.Parse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
}
