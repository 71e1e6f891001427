using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Rlm.Roslyn;

/// <summary>
/// The worker's side of the protocol channel. Standard input and output carry the frames, so before anything else the
/// worker moves them to private descriptors and points descriptors 0 and 1 at <c>/dev/null</c>: a snippet that writes
/// to its console, even raw bytes through <c>Console.OpenStandardOutput()</c>, or reads standard input, never touches
/// the channel. Standard error stays for diagnostics (the parent keeps its last lines).
/// </summary>
internal static class WorkerStdio
{
    /// <summary>Takes the channel's streams and closes the console's route to them.</summary>
    public static (Stream Input, Stream Output) TakeProtocolStreams()
    {
        Stream input, output;
        if (OperatingSystem.IsWindows())
        {
            // No descriptor shuffle there yet: the console writers are still replaced below.
            (input, output) = (Console.OpenStandardInput(), Console.OpenStandardOutput());
        }
        else
        {
            var inFd = NativeMethods.Dup(0);
            var outFd = NativeMethods.Dup(1);
            if (inFd < 0 || outFd < 0)
            {
                throw new IOException($"dup failed: errno {Marshal.GetLastPInvokeError()}.");
            }

            using (var devNull = File.Open("/dev/null", FileMode.Open, FileAccess.ReadWrite))
            {
                var fd = (int)devNull.SafeFileHandle.DangerousGetHandle();
                if (NativeMethods.Dup2(fd, 0) < 0 || NativeMethods.Dup2(fd, 1) < 0)
                {
                    throw new IOException($"dup2 failed: errno {Marshal.GetLastPInvokeError()}.");
                }
            }

            input = new FileStream(new SafeFileHandle(inFd, ownsHandle: true), FileAccess.Read, 1 << 16);
            output = new FileStream(new SafeFileHandle(outFd, ownsHandle: true), FileAccess.Write, 0);
        }

        Console.SetIn(TextReader.Null);
        Console.SetOut(TextWriter.Null);
        return (input, output);
    }
}
