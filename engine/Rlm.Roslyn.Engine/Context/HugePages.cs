using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>
/// Asks Linux to back a large, not yet touched buffer with 2 MB transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c>, which
/// the common <c>transparent_hugepage=madvise</c> setting requires). Filling a fresh 2 GB char buffer otherwise takes
/// half a million 4 KB page faults, which cost more than decoding the text (measured: 3.9 s of kernel time against 0.2 s
/// of decoding for a 1 GB file on a loaded VM). Only a hint: elsewhere, or when it fails, nothing changes.
/// </summary>
/// <remarks>
/// The hint is skipped in a VM whose balloon device takes free page reports (<c>VIRTIO_BALLOON_F_REPORTING</c>): the
/// guest hands every free block of 2 MB or more back to the host, so a huge page is nearly always one the host has
/// dropped and must fault back in, while 4 KB pages come from memory in recent use. Measured on such a VM, loading 1 GB
/// after 20 s idle: 2.4-2.8 s with huge pages, 0.8-0.9 s without (see benchmarks/RESULTS.md).
/// </remarks>
internal static class HugePages
{
    /// <summary>Buffers from this size (in bytes) up get the hint.</summary>
    public const long MinBytes = 16L << 20;

    private const int MadviseHugePage = 14;
    private const long HugePageBytes = 2L << 20;

    /// <summary>The virtio feature bit of a balloon device that takes free page reports.</summary>
    private const int BalloonReportingFeature = 5;

    private static readonly Lazy<bool> FreePagesReported = new(() => DetectFreePageReporting());

    /// <summary>Whether the hint is given on this machine: Linux, and no hypervisor taking the free huge blocks back.</summary>
    public static bool Enabled => OperatingSystem.IsLinux() && !FreePagesReported.Value;

    /// <summary>Advises huge pages for the whole 2 MB pages inside <paramref name="buffer"/> (Linux only, large buffers only).</summary>
    /// <param name="buffer">A freshly allocated array, before it is written.</param>
    public static void Advise(char[] buffer)
    {
        var bytes = (long)buffer.Length * sizeof(char);
        if (bytes < MinBytes || !Enabled)
        {
            return;
        }

        var handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            var start = handle.AddrOfPinnedObject();
            var first = (start + HugePageBytes - 1) & ~(HugePageBytes - 1);
            var last = (start + bytes) & ~(HugePageBytes - 1);
            if (last > first)
            {
                _ = NativeMethods.Madvise((nint)first, (nuint)(last - first), MadviseHugePage);
            }
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// Whether a virtio balloon device with free page reporting is bound: its <c>features</c> file in sysfs is a string of
    /// '0'/'1', one per feature bit, from bit 0.
    /// </summary>
    internal static bool DetectFreePageReporting(string driverFolder = "/sys/bus/virtio/drivers/virtio_balloon")
    {
        try
        {
            if (!Directory.Exists(driverFolder))
            {
                return false;
            }

            foreach (var device in Directory.EnumerateDirectories(driverFolder, "virtio*"))
            {
                var features = Path.Join(device, "features");
                if (File.Exists(features))
                {
                    var bits = File.ReadAllText(features).Trim();
                    if (bits.Length > BalloonReportingFeature && bits[BalloonReportingFeature] == '1')
                    {
                        return true;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable sysfs: give the hint as before.
        }

        return false;
    }
}
