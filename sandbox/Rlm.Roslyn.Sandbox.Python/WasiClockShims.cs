using System.Buffers.Binary;
using System.Diagnostics;
using Wasmtime;

namespace Rlm.Roslyn.Python;

/// <summary>
/// Replacements for two WASI imports, defined over Wasmtime's own with <see cref="Linker.AllowShadowing"/>.
/// Wasmtime's <c>poll_oneoff</c> sleeps inside the host call, where no epoch deadline can reach it, so a guest
/// <c>time.sleep(3600)</c> would outlast any time limit. Ours sleeps on the block's cancellation token, which
/// fires at the block's deadline, and ends the guest if it does. <c>clock_time_get</c> is ours too, so that an
/// absolute monotonic timeout in <c>poll_oneoff</c> is measured on the same clock the guest read.
/// </summary>
internal static class WasiClockShims
{
    private const string Wasi = "wasi_snapshot_preview1";
    private const int ErrnoSuccess = 0;
    private const int ErrnoFault = 21;
    private const int ErrnoInval = 28;
    private const int SubscriptionSize = 48;
    private const int EventSize = 32;
    private const byte EventTypeClock = 0;
    private const ushort SubscriptionClockAbstime = 1;
    private const int ClockRealtime = 0;

    public static void Define(Linker linker)
    {
        linker.AllowShadowing = true;
        linker.DefineFunction(Wasi, "clock_time_get", (CallerFunc<int, long, int, int>)ClockTimeGet);
        linker.DefineFunction(Wasi, "poll_oneoff", (CallerFunc<int, int, int, int, int>)PollOneoff);
        linker.AllowShadowing = false;
    }

    private static long Now(int clockId) => clockId == ClockRealtime
        ? (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100
        : (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    private static int ClockTimeGet(Caller caller, int clockId, long precision, int resultPointer)
    {
        if (clockId is < 0 or > 3)
        {
            return ErrnoInval;
        }

        var memory = caller.GetMemory("memory");
        if (memory is null || resultPointer < 0 || resultPointer > memory.GetLength() - 8)
        {
            return ErrnoFault;
        }

        memory.WriteInt64(resultPointer, Now(clockId));
        return ErrnoSuccess;
    }

    private static int PollOneoff(Caller caller, int subscriptions, int events, int count, int resultPointer)
    {
        var memory = caller.GetMemory("memory");
        if (memory is null || count <= 0)
        {
            return ErrnoInval;
        }

        var length = memory.GetLength();
        if (subscriptions < 0 || events < 0 || resultPointer < 0
            || subscriptions > length - (long)count * SubscriptionSize
            || events > length - (long)count * EventSize || resultPointer > length - 4)
        {
            return ErrnoFault;
        }

        var guest = (GuestInstance)caller.GetData()!;
        var input = memory.GetSpan(subscriptions, count * SubscriptionSize).ToArray();

        // File descriptors (there are no sockets and stdin is empty) are ready at once; clocks wait for the earliest.
        var written = 0;
        long wait = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var sub = input.AsSpan(i * SubscriptionSize, SubscriptionSize);
            if (sub[8] != EventTypeClock)
            {
                WriteEvent(memory, events, written++, BinaryPrimitives.ReadUInt64LittleEndian(sub), sub[8]);
                continue;
            }

            var clock = BinaryPrimitives.ReadInt32LittleEndian(sub[16..]);
            var timeout = BinaryPrimitives.ReadInt64LittleEndian(sub[24..]);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(sub[40..]);
            var relative = (flags & SubscriptionClockAbstime) != 0 ? timeout - Now(clock) : timeout;
            wait = Math.Min(wait, Math.Max(0, relative));
        }

        if (written == 0 && wait != long.MaxValue)
        {
            guest.Sleep(TimeSpan.FromTicks(Math.Min(wait / 100, TimeSpan.FromDays(1).Ticks)));
            for (var i = 0; i < count; i++)
            {
                var sub = input.AsSpan(i * SubscriptionSize, SubscriptionSize);
                WriteEvent(memory, events, written++, BinaryPrimitives.ReadUInt64LittleEndian(sub), EventTypeClock);
            }
        }

        memory.WriteInt32(resultPointer, written);
        return ErrnoSuccess;
    }

    private static void WriteEvent(Memory memory, int events, int index, ulong userData, byte type)
    {
        var e = memory.GetSpan(events + ((long)index * EventSize), EventSize);
        e.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(e, userData);
        e[10] = type;
    }
}
