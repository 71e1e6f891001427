namespace Rlm.Roslyn.Host;

/// <summary>
/// Routes Ctrl+C. By default it cancels the whole command; a command that can stop less (the REPL stopping the
/// running snippet) registers a handler for as long as that applies, and <c>Program</c> offers the key press to
/// it first. One handler at a time: registering again shadows the previous handler until disposed.
/// </summary>
internal sealed class ConsoleInterrupts
{
    private readonly Lock _gate = new();
    private Action? _handler;

    /// <summary>True while a handler is registered.</summary>
    public bool HasHandler
    {
        get
        {
            lock (_gate)
            {
                return _handler is not null;
            }
        }
    }

    /// <summary>Makes <paramref name="handler"/> receive Ctrl+C until the returned registration is disposed.</summary>
    public IDisposable Register(Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            var previous = _handler;
            _handler = handler;
            return new Registration(() => Restore(handler, previous));
        }
    }

    /// <summary>Gives a Ctrl+C to the registered handler; false when there is none (the caller then cancels the command).</summary>
    public bool TryInterrupt()
    {
        Action? handler;
        lock (_gate)
        {
            handler = _handler;
        }

        handler?.Invoke();
        return handler is not null;
    }

    private void Restore(Action handler, Action? previous)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_handler, handler))
            {
                _handler = previous;
            }
        }
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
