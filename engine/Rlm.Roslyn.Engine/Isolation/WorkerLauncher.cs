using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// Starts worker processes: <c>dotnet Rlm.Roslyn.Worker.dll</c> from beside the engine's assembly, with the same .NET
/// install as this process and a cleared environment, always from one long-lived dedicated thread (a parent-death
/// signal, such as bubblewrap's <c>--die-with-parent</c>, follows the thread that started the child, and a pool thread
/// may go away while the worker lives). With <see cref="WorkerJail.Required"/> (the default) that command runs inside
/// the jail <see cref="Bubblewrap"/> builds.
/// </summary>
internal static class WorkerLauncher
{
    /// <summary>The worker's file name, expected beside <c>Rlm.Roslyn.Engine.dll</c>.</summary>
    public const string WorkerFileName = "Rlm.Roslyn.Worker.dll";

    private static readonly BlockingCollection<(ProcessStartInfo Info, SafeFileHandle? Inherited, TaskCompletionSource<Process> Started)> s_requests = [];
    private static readonly Lazy<Thread> s_thread = new(StartThread);

    /// <summary>
    /// Starts a worker on the launcher thread, with its end of a <see cref="ContextHandoff"/> pair where descriptors can
    /// be handed over (the parent's end is returned with the process; null elsewhere).
    /// </summary>
    /// <exception cref="InvalidOperationException">The worker or the dotnet host cannot be found, or the jail cannot be set up.</exception>
    public static async Task<(Process Process, SafeFileHandle? Handoff)> StartAsync(WorkerJail jail, long heapHardLimitBytes = 0)
    {
        var pair = ContextHandoff.CreatePair();
        try
        {
            var info = StartInfo(jail, heapHardLimitBytes, pair is { } p ? (int)p.Worker.DangerousGetHandle() : -1);

            var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = s_thread.Value;
            s_requests.Add((info, pair?.Worker, started));
            return (await started.Task.ConfigureAwait(false), pair?.Parent);
        }
        catch
        {
            pair?.Parent.Dispose();
            throw;
        }
        finally
        {
            // The worker has its copy (or never will): the parent's copy of the worker's end goes.
            pair?.Worker.Dispose();
        }
    }

    /// <summary>How a worker is started: the host, the worker's path, redirected streams and the cleared environment, in its jail unless <paramref name="jail"/> is Off.</summary>
    /// <param name="jail">Whether the worker runs in its jail.</param>
    /// <param name="heapHardLimitBytes">The worker's GC heap hard limit, or 0 for the runtime's default.</param>
    /// <param name="handoffFd">The worker's end of its <see cref="ContextHandoff"/> pair, named in its environment; -1 for none.</param>
    /// <exception cref="InvalidOperationException">The worker or the dotnet host cannot be found, or the jail cannot be set up.</exception>
    public static ProcessStartInfo StartInfo(WorkerJail jail, long heapHardLimitBytes = 0, int handoffFd = -1)
    {
        var worker = WorkerPath();
        var dotnet = DotnetHost();
        var info = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(worker);

        // Nothing of this process's environment (API keys, endpoints, tokens) reaches the worker: only what .NET needs.
        info.Environment.Clear();
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet);
        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["PATH"] = OperatingSystem.IsWindows() ? Environment.SystemDirectory : "/usr/local/bin:/usr/bin:/bin";
        if (handoffFd >= 0)
        {
            info.Environment[ContextHandoff.SocketVariable] = handoffFd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (heapHardLimitBytes > 0)
        {
            // A real bound: past it the worker's allocations fail (OutOfMemoryException, or the worker ends), never the host's.
            info.Environment["DOTNET_GCHeapHardLimit"] = heapHardLimitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }

        // Workstation, non-concurrent GC: a worker is one session's helper on a shared machine, not a server; this keeps
        // an idle worker small and its pauses short (no background GC thread, no per-core heaps).
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";

        foreach (var name in (ReadOnlySpan<string>)["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY", "SystemRoot"])
        {
            // Runtime switches without which the worker might not start on this machine (no ICU); never a secret.
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        return jail == WorkerJail.Off ? info : Bubblewrap.Wrap(info, Path.GetDirectoryName(dotnet)!, Path.GetDirectoryName(worker)!);
    }

    private static string WorkerPath()
    {
        foreach (var folder in new[] { Path.GetDirectoryName(typeof(WorkerLauncher).Assembly.Location), AppContext.BaseDirectory })
        {
            if (!string.IsNullOrEmpty(folder) && Path.Combine(folder, WorkerFileName) is var path && File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"SnippetIsolation.Process needs {WorkerFileName} beside Rlm.Roslyn.Engine.dll (reference the Rlm.Roslyn.Worker project, or use the rlm tool).");
    }

    /// <summary>
    /// The dotnet host: this process's own when it is one (<c>dotnet rlm.dll</c>), else the one of the runtime this process
    /// runs on (an apphost such as the test host or <c>rlm</c>), else <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on PATH.
    /// </summary>
    private static string DotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && string.Equals(Path.GetFileName(self), name, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll: the host is <root>/dotnet.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var candidates = new List<string?>
        {
            runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", name)),
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
        };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)));
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("SnippetIsolation.Process cannot find the dotnet host to start the worker with.");

        // /usr/bin/dotnet is often a link into the install: DOTNET_ROOT must name the install itself.
        return new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? found;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "rlm worker launcher" };
        thread.Start();
        return thread;
    }

    private static void Serve()
    {
        foreach (var (info, inherited, started) in s_requests.GetConsumingEnumerable())
        {
            // The task is completed last: its continuation disposes the worker's end of the pair, which must stay open
            // until it is close-on-exec again. Nothing here may throw out of the loop: this thread starts every worker.
            Process? process = null;
            Exception? error = null;
            try
            {
                // Inheritable only for this one start, on this one thread, so no other child of ours gets the socket.
                if (inherited is not null)
                {
                    ContextHandoff.Inheritable(inherited, inherit: true);
                }

                try
                {
                    process = Process.Start(info) ?? throw new InvalidOperationException("The worker process did not start.");
                }
                finally
                {
                    if (inherited is not null)
                    {
                        ContextHandoff.Inheritable(inherited, inherit: false);
                    }
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (error is null)
            {
                started.TrySetResult(process!);
            }
            else
            {
                // Started but not handed over cleanly: no worker runs that nobody owns.
                try
                {
                    process?.Kill(entireProcessTree: true);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
                {
                    // Already gone.
                }

                process?.Dispose();
                started.TrySetException(error);
            }
        }
    }
}
