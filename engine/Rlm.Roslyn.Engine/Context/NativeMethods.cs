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

    /// <summary><c>int memfd_create(const char *name, unsigned int flags)</c>: an anonymous file in RAM (Linux); <paramref name="name"/> is NUL-terminated UTF-8.</summary>
    [DllImport("libc", EntryPoint = "memfd_create", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int MemfdCreate(byte[] name, uint flags);

    /// <summary><c>int ftruncate(int fd, off_t length)</c>: sets a file's size (64-bit processes only: off_t is 64 bits there).</summary>
    [DllImport("libc", EntryPoint = "ftruncate", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Ftruncate(SafeHandle fd, long length);

    /// <summary><c>void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)</c>; fails with <c>MAP_FAILED</c> (-1).</summary>
    [DllImport("libc", EntryPoint = "mmap", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    /// <summary><c>int munmap(void *addr, size_t length)</c>: removes a mapping.</summary>
    [DllImport("libc", EntryPoint = "munmap", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Munmap(nint address, nuint length);

    /// <summary><c>int fcntl(int fd, int cmd, int arg)</c>, for the seal commands (<c>F_ADD_SEALS</c>, <c>F_GET_SEALS</c>).</summary>
    [DllImport("libc", EntryPoint = "fcntl", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Fcntl(SafeHandle fd, int command, int argument);

    /// <summary><c>int socketpair(int domain, int type, int protocol, int sv[2])</c>: two connected sockets.</summary>
    [DllImport("libc", EntryPoint = "socketpair", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int SocketPair(int domain, int type, int protocol, int[] fds);

    /// <summary><c>int fcntl(int fd, int cmd, int arg)</c> on a raw descriptor.</summary>
    [DllImport("libc", EntryPoint = "fcntl", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int FcntlRaw(int fd, int command, int argument);

    /// <summary><c>int close(int fd)</c>.</summary>
    [DllImport("libc", EntryPoint = "close", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Close(int fd);

    /// <summary><c>ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags)</c>.</summary>
    [DllImport("libc", EntryPoint = "sendmsg", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern unsafe nint SendMsg(int socket, MessageHeader* message, int flags);

    /// <summary><c>ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags)</c>.</summary>
    [DllImport("libc", EntryPoint = "recvmsg", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern unsafe nint RecvMsg(int socket, MessageHeader* message, int flags);

    /// <summary><c>struct msghdr</c> as 64-bit Linux lays it out.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct IoVector
    {
        public void* Base;
        public nuint Length;
    }
}
