using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>The few libc calls the engine makes (Linux only; callers check the platform).</summary>
internal static class NativeMethods
{
    /// <summary><c>int madvise(void *addr, size_t length, int advice)</c>: a hint about how a memory range will be used.</summary>
    [DllImport("libc", EntryPoint = "madvise", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Madvise(nint address, nuint length, int advice);
}
