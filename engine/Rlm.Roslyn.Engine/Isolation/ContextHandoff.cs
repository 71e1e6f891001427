using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// Hands a sealed shared context (<see cref="SharedText"/>) from the parent to a worker that is already running (a warm
/// spare started before the context loaded), with no copy: over a Unix socket pair made when the worker starts, the
/// parent sends the memfd's descriptor (<c>SCM_RIGHTS</c>) tagged with the session it is for, and the worker maps it
/// read-only. The seals (checked again by the worker) mean nothing holding the descriptor can change or shrink the text.
/// 64-bit Linux only; elsewhere contexts cross the pipe in chunks.
/// </summary>
internal static unsafe class ContextHandoff
{
    /// <summary>The worker's environment variable naming its end of the pair.</summary>
    public const string SocketVariable = "RLM_CONTEXT_SOCKET";

    private const int AfUnix = 1;
    private const int SockSeqPacket = 5;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;
    private const int MsgCmsgCloexec = 0x40000000;
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;

    // cmsghdr: size_t len, int level, int type, then the data; CMSG_SPACE(sizeof(int)) on 64-bit Linux.
    private const int ControlBytes = 24;
    private const int ControlHeaderBytes = 16;

    /// <summary>Whether descriptors can be handed over here.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>A connected pair, both ends close-on-exec: the parent keeps the first, the second goes to the worker (see <see cref="Inheritable"/>).</summary>
    public static (SafeFileHandle Parent, SafeFileHandle Worker)? CreatePair()
    {
        if (!IsSupported)
        {
            return null;
        }

        var fds = new int[2];
        return NativeMethods.SocketPair(AfUnix, SockSeqPacket | SockCloexec, 0, fds) == 0
            ? (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true))
            : null;
    }

    /// <summary>Lets <paramref name="handle"/> cross the next exec (the worker's start) or stops it from doing so.</summary>
    public static void Inheritable(SafeFileHandle handle, bool inherit)
    {
        var fd = (int)handle.DangerousGetHandle();
        var flags = NativeMethods.FcntlRaw(fd, FGetFd, 0);
        if (flags < 0 || NativeMethods.FcntlRaw(fd, FSetFd, inherit ? flags & ~FdCloexec : flags | FdCloexec) < 0)
        {
            throw new IOException($"fcntl(F_SETFD) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Sends <paramref name="memfd"/> for session <paramref name="session"/>.</summary>
    public static void Send(SafeFileHandle socket, SafeFileHandle memfd, int session)
    {
        var tag = session;
        var control = stackalloc byte[ControlBytes];
        new Span<byte>(control, ControlBytes).Clear();
        *(nuint*)control = (nuint)(ControlHeaderBytes + sizeof(int));
        *(int*)(control + 8) = SolSocket;
        *(int*)(control + 12) = ScmRights;
        *(int*)(control + ControlHeaderBytes) = (int)memfd.DangerousGetHandle();
        var vector = new NativeMethods.IoVector { Base = &tag, Length = sizeof(int) };
        var message = new NativeMethods.MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = ControlBytes };
        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            // Never blocks and never raises SIGPIPE: a worker that stops draining its end, or is gone, fails the hand-over
            // (and the session's opening) instead of holding this thread.
            if (NativeMethods.SendMsg((int)socket.DangerousGetHandle(), &message, MsgDontWait | MsgNoSignal) != sizeof(int))
            {
                throw new IOException($"Handing the context to the worker failed: errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            GC.KeepAlive(memfd);
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>Receives the next descriptor; it must be tagged for <paramref name="session"/>.</summary>
    /// <exception cref="InvalidDataException">No descriptor came, or one for another session.</exception>
    public static SafeFileHandle Receive(int socket, int session)
    {
        int tag;
        var control = stackalloc byte[ControlBytes];
        new Span<byte>(control, ControlBytes).Clear();
        var vector = new NativeMethods.IoVector { Base = &tag, Length = sizeof(int) };
        var message = new NativeMethods.MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = ControlBytes };
        var read = NativeMethods.RecvMsg(socket, &message, MsgCmsgCloexec);
        if (read != sizeof(int))
        {
            throw new InvalidDataException($"The context's descriptor did not arrive (recvmsg: {read}, errno {Marshal.GetLastPInvokeError()}).");
        }

        if (message.ControlLength < ControlHeaderBytes + sizeof(int) || *(int*)(control + 8) != SolSocket || *(int*)(control + 12) != ScmRights)
        {
            throw new InvalidDataException("The context's message carried no descriptor.");
        }

        var handle = new SafeFileHandle(*(int*)(control + ControlHeaderBytes), ownsHandle: true);
        if (tag != session)
        {
            handle.Dispose();
            throw new InvalidDataException($"A context descriptor for session {tag} came with the opening of session {session}.");
        }

        return handle;
    }
}
