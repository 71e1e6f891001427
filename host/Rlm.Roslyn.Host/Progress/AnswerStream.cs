using System.Text;

namespace Rlm.Roslyn.Host;

/// <summary>
/// Streams the root's final answer to standard output as the model writes it: the text of a <c>FINAL(...)</c> marker,
/// read from the root's reply pieces with the reply parser's rules, so that what is written is always a prefix of the
/// answer the engine will take from that reply. It writes only what cannot change: nothing before the marker line is
/// known to be one, nothing once a runnable code block came first (that code runs first and may call Final), no
/// leading whitespace, trailing whitespace only once more text follows, nothing past the ')' that balances the opening
/// one (the parser may close the answer there or at a later ')'), and nothing once the region meets a fence or another
/// marker line. <see cref="FinishAsync"/> then writes the rest of the run's answer.
/// </summary>
internal sealed class AnswerStream(TextWriter output, Func<ValueTask>? beforeFirstWrite = null)
{
    private const string FinalPrefix = "FINAL(";
    private const string FinalVarPrefix = "FINAL_VAR(";

    private readonly StringBuilder _written = new();
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _pendingSpace = new();
    private State _state;
    private MarkdownFence _fence;
    private bool _sawCode;
    private bool _lineDecided;
    private bool _afterCarriageReturn;
    private int _depth;
    private int _iteration = -1;

    private enum State
    {
        Prose,
        Fence,
        Answer,
        Stopped,
    }

    /// <summary>What was written so far.</summary>
    public string Written => _written.ToString();

    /// <summary>Takes a piece of a reply; only the root's pieces (path "0") count.</summary>
    public async ValueTask WriteAsync(ReplyDeltaEvent delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Depth != 0)
        {
            return;
        }

        if (delta.Iteration != _iteration)
        {
            if (_written.Length > 0)
            {
                // A turn after a streamed answer (the run went on, e.g. the reply failed midway): stream no more.
                _state = State.Stopped;
                return;
            }

            Reset(delta.Iteration);
        }

        var before = _written.Length;
        foreach (var c in delta.Text)
        {
            if (_state == State.Stopped)
            {
                break;
            }

            if (c == '\r')
            {
                _afterCarriageReturn = true;
                Take('\n');
                continue;
            }

            if (c == '\n' && _afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                continue;
            }

            _afterCarriageReturn = false;
            Take(c);
        }

        if (_written.Length > before)
        {
            if (before == 0 && beforeFirstWrite is not null)
            {
                await beforeFirstWrite().ConfigureAwait(false);
            }

            await output.WriteAsync(_written.ToString(before, _written.Length - before)).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes standard output with the run's answer: the rest of it after what was streamed, or (when nothing was)
    /// all of it; each followed by a line break, nothing for an empty answer. If the answer does not continue what was
    /// streamed (a code block later in the same reply called Final), the line is ended, <paramref name="error"/> says
    /// so, and the answer is written whole.
    /// </summary>
    public async Task FinishAsync(string answer, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(error);
        var written = Written;
        if (written.Length == 0)
        {
            if (answer.Length > 0)
            {
                await output.WriteLineAsync(answer).ConfigureAwait(false);
            }

            return;
        }

        if (answer.StartsWith(written, StringComparison.Ordinal))
        {
            await output.WriteLineAsync(answer.AsMemory(written.Length)).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await error.WriteLineAsync("rlm: the FINAL(...) text streamed above is not the answer (code in the same reply gave another); the answer is:").ConfigureAwait(false);
        if (answer.Length > 0)
        {
            await output.WriteLineAsync(answer).ConfigureAwait(false);
        }
    }

    private void Reset(int iteration)
    {
        _iteration = iteration;
        _state = State.Prose;
        _sawCode = false;
        _line.Clear();
        _pendingSpace.Clear();
        _lineDecided = false;
        _depth = 1;
    }

    private void Take(char c)
    {
        switch (_state)
        {
            case State.Prose:
                TakeProse(c);
                break;
            case State.Fence:
                if (c == '\n')
                {
                    if (_fence.IsClosedBy(_line.ToString()))
                    {
                        _state = State.Prose;
                    }

                    _line.Clear();
                }
                else
                {
                    _line.Append(c);
                }

                break;
            case State.Answer:
                TakeAnswerLine(c);
                break;
        }
    }

    private void TakeProse(char c)
    {
        if (c == '\n')
        {
            var line = _line.ToString();
            _line.Clear();
            if (MarkdownFence.TryParseOpening(line, out var fence))
            {
                _sawCode |= IsRunnable(fence);
                _fence = fence;
                _state = State.Fence;
            }

            return;
        }

        _line.Append(c);
        var head = MarkerText(_line.ToString());
        if (head.StartsWith(FinalVarPrefix, StringComparison.Ordinal))
        {
            // The answer is a variable's value: nothing to stream.
            _state = State.Stopped;
        }
        else if (head.StartsWith(FinalPrefix, StringComparison.Ordinal) && head.Length == FinalPrefix.Length)
        {
            if (_sawCode)
            {
                _state = State.Stopped;
                return;
            }

            _state = State.Answer;
            _line.Clear();
            _lineDecided = true;
        }
    }

    /// <summary>The answer region, line by line: each line's head is held until it is known not to be a fence or a marker.</summary>
    private void TakeAnswerLine(char c)
    {
        if (_lineDecided)
        {
            TakeAnswer(c);
            if (c == '\n' && _state == State.Answer)
            {
                _lineDecided = false;
                _line.Clear();
            }

            return;
        }

        var complete = c == '\n';
        if (!complete)
        {
            _line.Append(c);
        }

        var kind = Classify(_line.ToString(), complete);
        if (kind == LineKind.Undecided)
        {
            return;
        }

        if (kind == LineKind.Special)
        {
            _state = State.Stopped;
            return;
        }

        _lineDecided = true;
        var held = _line.ToString();
        _line.Clear();
        foreach (var h in held)
        {
            TakeAnswer(h);
            if (_state != State.Answer)
            {
                return;
            }
        }

        if (complete)
        {
            TakeAnswer('\n');
            _lineDecided = false;
        }
    }

    private void TakeAnswer(char c)
    {
        _depth += c switch { '(' => 1, ')' => -1, _ => 0 };
        if (_depth == 0)
        {
            _state = State.Stopped;
            return;
        }

        if (char.IsWhiteSpace(c))
        {
            if (_written.Length > 0)
            {
                _pendingSpace.Append(c);
            }

            return;
        }

        _written.Append(_pendingSpace).Append(c);
        _pendingSpace.Clear();
    }

    private enum LineKind
    {
        Undecided,
        Prose,
        Special,
    }

    /// <summary>Whether a line of the answer region (so far) is prose, a fence or marker line (which end the streaming), or not yet known.</summary>
    private static LineKind Classify(string line, bool complete)
    {
        var indent = line.AsSpan().IndexOfAnyExcept(' ');
        var rest = indent < 0 ? "" : line[indent..];
        if (indent is >= 0 and <= 3 && rest.Length > 0 && rest[0] is '`' or '~')
        {
            var run = rest.AsSpan().IndexOfAnyExcept(rest[0]);
            var length = run < 0 ? rest.Length : run;
            if (length >= 3)
            {
                return LineKind.Special;
            }

            if (run < 0 && !complete)
            {
                return LineKind.Undecided;
            }
        }
        else if (rest.Length == 0 && !complete)
        {
            return LineKind.Undecided;
        }

        var head = MarkerText(line);
        if (head.StartsWith(FinalPrefix, StringComparison.Ordinal) || head.StartsWith(FinalVarPrefix, StringComparison.Ordinal))
        {
            return LineKind.Special;
        }

        if (!complete && (head.Length == 0 || FinalPrefix.StartsWith(head, StringComparison.Ordinal) || FinalVarPrefix.StartsWith(head, StringComparison.Ordinal)))
        {
            return LineKind.Undecided;
        }

        return LineKind.Prose;
    }

    /// <summary>The line after leading whitespace and emphasis, where a marker would start.</summary>
    private static string MarkerText(string line)
    {
        var start = line.AsSpan().IndexOfAnyExcept(" \t*_");
        return start < 0 ? "" : line[start..];
    }

    private static bool IsRunnable(MarkdownFence fence)
    {
        var language = fence.Language;
        return language.Equals("csharp", StringComparison.OrdinalIgnoreCase)
            || language.Equals("cs", StringComparison.OrdinalIgnoreCase)
            || language.Equals("c#", StringComparison.OrdinalIgnoreCase)
            || language.Equals("c-sharp", StringComparison.OrdinalIgnoreCase)
            || language.Equals("repl", StringComparison.OrdinalIgnoreCase)
            || language.Equals("python", StringComparison.OrdinalIgnoreCase)
            || language.Equals("py", StringComparison.OrdinalIgnoreCase);
    }
}
