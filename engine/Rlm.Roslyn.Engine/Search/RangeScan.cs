using System.Runtime.CompilerServices;

namespace Rlm.Roslyn;

/// <summary>
/// The sink of one range of a scan, <c>[Start, End)</c>, starting at a line start: counts every match, keeps the first
/// ones, and counts the <c>'\n'</c>s up to each kept match block by block (never line by line), so the merge can turn
/// them into line numbers. Cancellation is checked every block and every 1,024 matches.
/// </summary>
internal sealed class RangeScan
{
    private readonly ReadOnlyMemory<char> _text;
    private readonly IReadOnlyList<Document> _documents;
    private readonly GrepScanShared _shared;
    private readonly GrepScanOptions _options;
    private bool _keeping;
    private int _cursor;
    private int _lineStart;
    private int _lineFloor;

    public RangeScan(ReadOnlyMemory<char> text, IReadOnlyList<Document> documents, int index, int start, int end, GrepScanOptions options, GrepScanShared shared)
    {
        _text = text;
        _documents = documents;
        _options = options;
        _shared = shared;
        Index = index;
        Start = start;
        End = end;
        _cursor = start;
        _lineStart = start;
        _lineFloor = start;
        _keeping = options.MaxKept > 0;
        FirstDocument = DocumentLookup.LastStartingAtOrBefore(documents, start - 1) + 1;
        NextDocument = FirstDocument;
    }

    /// <summary>The range's position among the ranges, from 0.</summary>
    public int Index { get; }

    /// <summary>Offset of the range's first char, a line start.</summary>
    public int Start { get; }

    /// <summary>Offset one past the range's last char (just after a <c>'\n'</c>, or the context's end).</summary>
    public int End { get; }

    /// <summary>Whether only the first match of each line is reported.</summary>
    public bool OneMatchPerLine => _options.OneMatchPerLine;

    /// <summary>Chars per block.</summary>
    public int BlockChars => _options.BlockChars;

    /// <summary>The context length from which a line-local regex runs compiled (<see cref="GrepScanOptions.CompiledRegexMinChars"/>).</summary>
    public int CompiledRegexMinChars => _options.CompiledRegexMinChars;

    /// <summary>How many matches start in the range.</summary>
    public int Total { get; private set; }

    /// <summary>The first matches, with <see cref="GrepMatch.Line"/> holding the <c>'\n'</c>s from <see cref="Start"/> to the match.</summary>
    public List<GrepMatch> Kept { get; } = [];

    /// <summary>The <c>'\n'</c>s counted from <see cref="Start"/> (to <see cref="End"/> once the range is done, when it still keeps matches).</summary>
    public int Newlines { get; private set; }

    /// <summary>The first document starting in this range.</summary>
    public int FirstDocument { get; }

    /// <summary>One past the last document whose start was passed (its newline count recorded).</summary>
    public int NextDocument { get; private set; }

    /// <summary>Records a match starting in the range; offsets must increase between calls.</summary>
    /// <param name="offset">The match's offset.</param>
    /// <param name="length">The match's length.</param>
    /// <returns>Where the next match may start: the match's end, or the next line's start in one-match-per-line mode.</returns>
    public int Add(int offset, int length)
    {
        Count();
        if (_keeping)
        {
            Keep(offset, length);
        }

        return NextStart(offset, length);
    }

    /// <summary>
    /// Like <see cref="Add"/>, for a kernel that counts the <c>'\n'</c>s itself while it searches (one pass over memory):
    /// <paramref name="newlinesBefore"/> is the count in <c>[Start, offset)</c>, so the scan never reads that text again.
    /// </summary>
    /// <param name="offset">The match's offset.</param>
    /// <param name="length">The match's length.</param>
    /// <param name="newlinesBefore">The <c>'\n'</c>s from <see cref="Start"/> to <paramref name="offset"/>.</param>
    /// <returns>Where the next match may start, as <see cref="Add"/>.</returns>
    public int AddCounted(int offset, int length, int newlinesBefore)
    {
        Count();

        if (_keeping)
        {
            if (_options.LineNumbers && Index <= _shared.CappedRange)
            {
                Sync(offset, newlinesBefore);
                Kept.Add(new GrepMatch(offset, length, Newlines, _lineStart, -1));
                if (Kept.Count == _options.MaxKept)
                {
                    _keeping = false;
                    _shared.Cap(Index);
                }
            }
            else
            {
                Keep(offset, length);
            }
        }

        return NextStart(offset, length);
    }

    /// <summary>Like <see cref="Passed"/>, for a kernel that counted the <c>'\n'</c>s in <c>[Start, position)</c> itself.</summary>
    /// <param name="position">How far the scan has come.</param>
    /// <param name="newlines">The <c>'\n'</c>s from <see cref="Start"/> to <paramref name="position"/>.</param>
    public void PassedCounted(int position, int newlines)
    {
        _shared.CancellationToken.ThrowIfCancellationRequested();
        if (_keeping && Index > _shared.CappedRange)
        {
            _keeping = false;
        }

        if (_keeping && _options.LineNumbers)
        {
            Sync(position, newlines);
        }
    }

    /// <summary>Tells that no match starts before <paramref name="position"/> any more: counts line breaks up to it and checks cancellation.</summary>
    /// <param name="position">How far the scan has come.</param>
    public void Passed(int position)
    {
        _shared.CancellationToken.ThrowIfCancellationRequested();
        if (_keeping && Index > _shared.CappedRange)
        {
            _keeping = false;
        }

        if (_keeping && _options.LineNumbers)
        {
            Advance(position);
        }
    }

    /// <summary>Counts a match; every 1,024th looks at cancellation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count()
    {
        if ((++Total & 1023) == 0)
        {
            _shared.CancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Where the next match may start: right after this one, or at the next line with one match per line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextStart(int offset, int length)
    {
        if (!_options.OneMatchPerLine)
        {
            return offset + length;
        }

        var from = length > 0 ? offset + length - 1 : offset;
        var newline = _text.Span[from..End].IndexOf('\n');
        return newline < 0 ? End : from + newline + 1;
    }

    private void Keep(int offset, int length)
    {
        if (Index > _shared.CappedRange)
        {
            _keeping = false;
            return;
        }

        int lineStart;
        if (_options.LineNumbers)
        {
            Advance(offset);
            lineStart = _lineStart;
        }
        else
        {
            var newline = _text.Span[_lineFloor..offset].LastIndexOf('\n');
            lineStart = newline < 0 ? _lineFloor : _lineFloor + newline + 1;
            _lineFloor = lineStart;
        }

        Kept.Add(new GrepMatch(offset, length, Newlines, lineStart, -1));
        if (Kept.Count == _options.MaxKept)
        {
            // No match of a later range can be among the first MaxKept: they only count from now on.
            _keeping = false;
            _shared.Cap(Index);
        }
    }

    /// <summary>Moves the newline cursor to <paramref name="position"/>, recording the count at each document start passed.</summary>
    private void Advance(int position)
    {
        PassDocumentStarts(position);
        CountTo(position);
    }

    /// <summary>
    /// Moves the cursor to <paramref name="position"/> where the kernel says <paramref name="newlines"/> <c>'\n'</c>s lie
    /// before it: only document starts passed are counted from the text, and the line start is found backwards from
    /// <paramref name="position"/> when a line break was passed (it stops at the nearest one).
    /// </summary>
    private void Sync(int position, int newlines)
    {
        PassDocumentStarts(position);
        if (newlines != Newlines)
        {
            _lineStart = _cursor + _text.Span[_cursor..position].LastIndexOf('\n') + 1;
            Newlines = newlines;
        }

        _cursor = position;
    }

    /// <summary>Counts up to each document start at or before <paramref name="position"/> (within the range) and records the count there.</summary>
    private void PassDocumentStarts(int position)
    {
        var lastRange = End == _text.Length;
        while (NextDocument < _documents.Count)
        {
            var start = _documents[NextDocument].Offset;
            if (start > position || (start >= End && !lastRange))
            {
                break;
            }

            CountTo(start);
            _shared.DocumentNewlines![NextDocument] = Newlines;
            NextDocument++;
        }
    }

    private void CountTo(int position)
    {
        var between = _text.Span[_cursor..position];
        var count = between.Count('\n');
        if (count > 0)
        {
            Newlines += count;
            _lineStart = _cursor + between.LastIndexOf('\n') + 1;
        }

        _cursor = position;
    }
}
