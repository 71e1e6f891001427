using System.Globalization;

namespace Rlm.Roslyn.Tests.Worker;

/// <summary>The host's view of a jailed worker: the <c>dotnet</c> process bubblewrap started, found among the descendants of what the launcher started.</summary>
internal static class JailedProcesses
{
    /// <summary>The host pid of the jailed <c>dotnet</c> under <paramref name="started"/> (setpriv became bwrap; bwrap's PID 1 started dotnet).</summary>
    public static int Dotnet(int started)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        var queue = new Queue<int>([started]);
        while (queue.TryDequeue(out var pid))
        {
            if (pid != started && Comm(pid) == "dotnet")
            {
                return pid;
            }

            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        throw new InvalidOperationException($"No dotnet process under {started} ({Comm(started)}).");
    }

    /// <summary>A line of <c>/proc/&lt;pid&gt;/status</c> after its label ("Uid", "NSpid").</summary>
    public static string[] Status(int pid, string label) =>
        File.ReadAllLines($"/proc/{pid}/status")
            .Single(l => l.StartsWith(label + ":", StringComparison.Ordinal))[(label.Length + 1)..]
            .Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when <paramref name="needle"/> occurs in any readable mapping of <paramref name="pid"/> (read through /proc/pid/mem in 1 MB chunks; unreadable pages skipped).</summary>
    public static bool MemoryContains(int pid, byte[] needle)
    {
        const int Chunk = 1 << 20;
        var buffer = new byte[Chunk + needle.Length];
        using var mem = new FileStream($"/proc/{pid}/mem", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        foreach (var line in File.ReadAllLines($"/proc/{pid}/maps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[1][0] != 'r' || line.EndsWith("[vvar]", StringComparison.Ordinal) || line.EndsWith("[vsyscall]", StringComparison.Ordinal))
            {
                continue;
            }

            var range = fields[0].Split('-');
            var (start, end) = (long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            for (var at = start; at < end; at += Chunk)
            {
                // Each chunk overlaps the next by the needle's length, so a match across a boundary is seen.
                var length = (int)Math.Min(buffer.Length, end - at);
                int read;
                try
                {
                    mem.Position = at;
                    read = mem.ReadAtLeast(buffer.AsSpan(0, length), length, throwOnEndOfStream: false);
                }
                catch (IOException)
                {
                    continue;
                }

                if (buffer.AsSpan(0, read).IndexOf(needle) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
