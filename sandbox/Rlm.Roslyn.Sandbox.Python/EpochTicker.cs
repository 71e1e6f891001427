using Wasmtime;

namespace Rlm.Roslyn.Python;

/// <summary>
/// Advances the engine's epoch at a fixed interval. Running guest code reaches its epoch deadline at the next
/// tick, and each store's deadline callback then decides whether it goes on (see <see cref="PythonSession"/>).
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    private readonly Timer _timer;

    public EpochTicker(Engine engine, TimeSpan interval)
    {
        _timer = new Timer(static state => ((Engine)state!).IncrementEpoch(), engine, interval, interval);
    }

    public void Dispose() => _timer.Dispose();
}
