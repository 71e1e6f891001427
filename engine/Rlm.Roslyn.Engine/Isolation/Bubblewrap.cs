using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>
/// The worker's jail (<see cref="WorkerJail.Required"/>): the worker's command line wrapped in
/// <c>setpriv ... -- bwrap ... -- dotnet Rlm.Roslyn.Worker.dll</c>. <c>setpriv</c> sets no-new-privileges and, when
/// this process is root, first drops to user and group 65534 (nobody) with no supplementary groups, so the jail is
/// never host root (a user namespace entered as root still maps to host root); <c>bwrap</c> then enters new user,
/// network (empty), PID, IPC, UTS and cgroup namespaces, drops every capability, and builds a root file system that
/// holds only the .NET install and the worker's folder (read-only, at their own paths), the system's library folders
/// (read-only), a fresh <c>/proc</c> and <c>/dev</c>, and a private tmpfs <c>/tmp</c>. The environment is the worker's
/// cleared one, set again inside with <c>--clearenv</c>.
/// </summary>
internal static class Bubblewrap
{
    /// <summary>The host user and group a jail runs as when this process is root.</summary>
    public const int UnprivilegedId = 65534;

    private const string InstallHint = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) and util-linux's setpriv, or set RlmOptions.WorkerJail = WorkerJail.Off to run the worker unjailed";

    private static readonly string[] s_binFolders = ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"];
    private static readonly Lock s_probeLock = new();
    private static string? s_probed;
    private static (string From, string To)? s_staged;

    /// <summary>True when this process is root, so the jail drops to <see cref="UnprivilegedId"/> first.</summary>
    public static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// <paramref name="worker"/> (a <c>dotnet Rlm.Roslyn.Worker.dll</c> start with its cleared environment) wrapped in
    /// the jail. Checks once per process that the jail starts here (a bubblewrap that cannot create its namespaces fails
    /// at once, not on the first block).
    /// </summary>
    /// <exception cref="InvalidOperationException">The jail cannot be set up here; the message says why and how to fix it.</exception>
    public static ProcessStartInfo Wrap(ProcessStartInfo worker, string dotnetRoot, string workerFolder)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException($"SnippetIsolation.Process jails its worker with bubblewrap, which exists only on Linux; set RlmOptions.WorkerJail = WorkerJail.Off to run the worker unjailed on {RuntimeInformation.OSDescription}.");
        }

        var bwrap = Find("bwrap") ?? throw new InvalidOperationException($"SnippetIsolation.Process jails its worker with bubblewrap, but 'bwrap' is not installed: {InstallHint}.");
        var setpriv = Find("setpriv") ?? throw new InvalidOperationException($"SnippetIsolation.Process starts its jail through setpriv (util-linux), which is not installed: {InstallHint}.");
        if (RunsAsRoot)
        {
            // The worker's folder often sits under a folder nobody may enter (/root, a private checkout): then the jail
            // binds a world-readable copy of its assemblies instead (made once per process, read-only to others).
            var readable = ReadableByOthers(workerFolder);
            foreach (var argument in worker.ArgumentList)
            {
                readable &= !Path.IsPathRooted(argument) || ReadableByOthers(argument);
            }

            if (!readable)
            {
                var staged = StagedCopy(workerFolder);
                for (var i = 0; i < worker.ArgumentList.Count; i++)
                {
                    if (worker.ArgumentList[i].StartsWith(workerFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        worker.ArgumentList[i] = Path.Combine(staged, Path.GetFileName(worker.ArgumentList[i]));
                    }
                }

                workerFolder = staged;
            }

            foreach (var path in (ReadOnlySpan<string>)[worker.FileName, .. worker.ArgumentList, dotnetRoot, workerFolder])
            {
                EnsureReadableByOthers(path);
            }
        }

        var jailed = Jailed(worker, setpriv, bwrap, dotnetRoot, workerFolder, worker.ArgumentList);
        Probe(Jailed(worker, setpriv, bwrap, dotnetRoot, workerFolder, ["--list-runtimes"]));
        return jailed;
    }

    /// <summary>The jail's command line for <paramref name="worker"/>'s host with <paramref name="arguments"/>.</summary>
    private static ProcessStartInfo Jailed(ProcessStartInfo worker, string setpriv, string bwrap, string dotnetRoot, string workerFolder, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(setpriv)
        {
            UseShellExecute = false,
            RedirectStandardInput = worker.RedirectStandardInput,
            RedirectStandardOutput = worker.RedirectStandardOutput,
            RedirectStandardError = worker.RedirectStandardError,
            WorkingDirectory = "/",
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        var args = info.ArgumentList;
        if (RunsAsRoot)
        {
            Add(args, $"--reuid={UnprivilegedId}", $"--regid={UnprivilegedId}", "--clear-groups");
        }

        Add(args, "--no-new-privs", "--", bwrap);
        Add(args, "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try");
        Add(args, "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "rlm-worker");
        foreach (var (path, target) in SystemLibraries())
        {
            if (target is null)
            {
                Add(args, "--ro-bind", path, path);
            }
            else
            {
                Add(args, "--symlink", target, path);
            }
        }

        // The private /tmp first, then the binds: a worker folder under /tmp (a staged copy, a checkout there) stays
        // visible instead of being hidden under the tmpfs.
        Add(args, "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");
        Add(args, "--ro-bind", dotnetRoot, dotnetRoot, "--ro-bind", workerFolder, workerFolder);
        Add(args, "--chdir", "/tmp", "--clearenv");
        foreach (var (name, value) in worker.Environment)
        {
            if (value is not null)
            {
                // HOME pointed at this process's temp folder: inside, that is the jail's private /tmp.
                Add(args, "--setenv", name, name == "HOME" ? "/tmp" : value);
            }
        }

        Add(args, "--", worker.FileName);
        foreach (var argument in arguments)
        {
            args.Add(argument);
        }

        return info;
    }

    /// <summary>
    /// The folders the host and the runtime load native libraries from (libc, libstdc++, ICU), read-only: on a
    /// multiarch system (Debian, Ubuntu) only <c>/usr/lib/&lt;triplet&gt;</c> and <c>/lib/&lt;triplet&gt;</c>, plus
    /// <c>/lib64</c> and <c>/usr/lib64</c> (the loader, Fedora's libraries); a merged-/usr link stays a link.
    /// </summary>
    private static List<(string Path, string? LinkTarget)> SystemLibraries()
    {
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            _ => null,
        };
        var found = new List<(string, string?)>();
        foreach (var folder in (ReadOnlySpan<string>)["/usr/lib", "/usr/lib64", "/lib", "/lib64"])
        {
            var info = new DirectoryInfo(folder);
            if (!info.Exists)
            {
                continue;
            }

            if (info.LinkTarget is { } target)
            {
                found.Add((folder, target));
            }
            else if (triplet is not null && !folder.EndsWith("64", StringComparison.Ordinal) && Directory.Exists(Path.Combine(folder, triplet)))
            {
                found.Add((Path.Combine(folder, triplet), null));
            }
            else
            {
                found.Add((folder, null));
            }
        }

        return found;
    }

    /// <summary>Runs the jail once with <c>dotnet --list-runtimes</c>: bubblewrap without user namespaces, a missing library, an unreadable install all show here.</summary>
    private static void Probe(ProcessStartInfo probe)
    {
        var key = string.Join('\0', probe.ArgumentList);
        lock (s_probeLock)
        {
            if (s_probed == key)
            {
                return;
            }

            probe.RedirectStandardInput = false;
            probe.RedirectStandardOutput = true;
            probe.RedirectStandardError = true;
            using var process = Process.Start(probe) ?? throw new InvalidOperationException("The worker's jail did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("The worker's jail (bubblewrap) did not start within 30 s.");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var message = LastLine(error.Result) ?? LastLine(output.Result) ?? $"exit code {process.ExitCode}";
                throw new InvalidOperationException($"SnippetIsolation.Process cannot start its worker's jail here ({message}); bubblewrap needs unprivileged user namespaces (kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0; in a container, one that allows them): {InstallHint}.");
            }

            s_probed = key;
        }
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    /// <summary>Whether nobody could read <paramref name="path"/>: every folder on the way searchable, the file or folder itself readable.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool ReadableByOthers(string path)
    {
        var need = Directory.Exists(path) ? UnixFileMode.OtherRead | UnixFileMode.OtherExecute : UnixFileMode.OtherRead;
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current), need = UnixFileMode.OtherExecute)
        {
            if ((File.GetUnixFileMode(current) & need) != need)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A copy of the worker's assemblies and runtime files in a fresh folder under the temp folder that others may read
    /// and not write (a fresh random name each process, so nothing another user placed there is ever run).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string StagedCopy(string workerFolder)
    {
        lock (s_probeLock)
        {
            if (s_staged is { } ready && ready.From == workerFolder)
            {
                return ready.To;
            }

            var folder = Directory.CreateTempSubdirectory("rlm-worker-").FullName;
            foreach (var file in Directory.EnumerateFiles(workerFolder).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            {
                var copy = Path.Combine(folder, Path.GetFileName(file));
                File.Copy(file, copy);
                File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A worker still starting may hold a file open; the temp folder is cleaned by the system later.
                }
                catch (UnauthorizedAccessException)
                {
                }
            };
            s_staged = (workerFolder, folder);
            return folder;
        }
    }

    /// <summary>A root parent's jail runs as nobody: every folder on the way must be searchable and the files readable by others.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void EnsureReadableByOthers(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return;
        }

        var isFolder = Directory.Exists(path);
        var need = isFolder ? UnixFileMode.OtherRead | UnixFileMode.OtherExecute : UnixFileMode.OtherRead;
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current), need = UnixFileMode.OtherExecute)
        {
            var mode = File.GetUnixFileMode(current);
            if ((mode & need) != need)
            {
                throw new InvalidOperationException($"SnippetIsolation.Process runs its jailed worker as user {UnprivilegedId} (nobody) because this process is root, and that user cannot {(need == UnixFileMode.OtherExecute ? "enter" : "read")} {current} (needed for {path}): make it readable by others (chmod o+rX), run as an ordinary user, or set RlmOptions.WorkerJail = WorkerJail.Off.");
            }
        }
    }

    private static string? Find(string name) =>
        s_binFolders
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    private static void Add(System.Collections.ObjectModel.Collection<string> args, params ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            args.Add(value);
        }
    }
}
