using System.Runtime.InteropServices;

namespace Rlm.Roslyn;

/// <summary>The few libc calls the engine makes (Unix only; callers check the platform).</summary>
internal static class NativeMethods
{
    /// <summary><c>int madvise(void *addr, size_t length, int advice)</c>: a hint about how a memory range will be used.</summary>
    [DllImport("libc", EntryPoint = "madvise", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Madvise(nint address, nuint length, int advice);

    /// <summary><c>int dup(int fd)</c>: a new descriptor for the same open file.</summary>
    [DllImport("libc", EntryPoint = "dup", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Dup(int fd);

    /// <summary><c>int dup2(int oldfd, int newfd)</c>: makes <paramref name="newFd"/> refer to what <paramref name="oldFd"/> does.</summary>
    [DllImport("libc", EntryPoint = "dup2", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Dup2(int oldFd, int newFd);
}
