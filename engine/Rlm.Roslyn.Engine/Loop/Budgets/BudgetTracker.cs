using System.Diagnostics;
using System.Globalization;

namespace Rlm.Roslyn;

/// <summary>
/// Enforces an <see cref="RlmBudget"/> over a whole run tree. Sub-call slots are reserved atomically, so the tree
/// never starts more sub-calls than allowed; token and cost limits are checked against the ledger's totals before
/// each call; the wall-clock limit cancels <see cref="Token"/>, which every LM call is linked to. The first limit
/// reached is remembered and stays the reason.
/// </summary>
internal sealed class BudgetTracker : IDisposable
{
    private readonly RlmBudget _budget;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _deadline = new();
    private readonly CancellationTokenRegistration _onDeadline;
    private readonly string _wallClockReason = "the wall-clock budget is used up";
    private long _subCallsStarted;
    private string? _exhausted;
    private int _stopped;

    public BudgetTracker(RlmBudget budget)
    {
        _budget = budget;
        if (budget.MaxWallClock is { } time)
        {
            _wallClockReason = string.Create(CultureInfo.InvariantCulture, $"the wall-clock budget of {time.TotalSeconds:0.###} s is used up");
            _onDeadline = _deadline.Token.Register(() => Exhaust(_wallClockReason));
            _deadline.CancelAfter(time);
        }
    }

    /// <summary>Cancelled when the wall-clock budget runs out.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>The first limit reached, or null while the budget lasts.</summary>
    public string? ExhaustedReason => Volatile.Read(ref _exhausted);

    /// <summary>True once the budget refused a call, cut one short, or ended an RLM of the tree.</summary>
    public bool StoppedSomething => Volatile.Read(ref _stopped) != 0;

    /// <summary>
    /// The reason once <see cref="Token"/> has cut a call short. A call linked to the token can see the cancellation
    /// before the token's own callback has recorded the reason (callbacks run last-registered first), so the reason is
    /// recorded here too; the first limit reached still wins.
    /// </summary>
    public string DeadlinePassed()
    {
        MarkStopped();
        Exhaust(_wallClockReason);
        return ExhaustedReason!;
    }

    /// <summary>Records that the budget stopped something (a refused or cancelled call, an RLM ended early).</summary>
    public void MarkStopped() => Volatile.Write(ref _stopped, 1);

    /// <summary>Sub-call slots taken so far (never above <see cref="RlmBudget.MaxSubCalls"/>).</summary>
    public long SubCallsStarted => Math.Min(Interlocked.Read(ref _subCallsStarted), _budget.MaxSubCalls ?? long.MaxValue);

    /// <summary>Time left on the wall-clock budget; <see cref="TimeSpan.MaxValue"/> without one.</summary>
    public TimeSpan Remaining => _budget.MaxWallClock is { } time ? time - _clock.Elapsed : TimeSpan.MaxValue;

    /// <summary>Throws <see cref="RlmBudgetExceededException"/> unless one more call (a sub-call when <paramref name="subCall"/>) fits.</summary>
    public void BeforeCall(bool subCall, RlmUsage total)
    {
        Check(total);
        if (Remaining <= TimeSpan.Zero)
        {
            Exhaust(_wallClockReason);
        }

        if (subCall && _budget.MaxSubCalls is { } max && Interlocked.Increment(ref _subCallsStarted) > max)
        {
            Exhaust(string.Create(CultureInfo.InvariantCulture, $"the sub-call budget of {max} calls is used up"));
        }

        if (ExhaustedReason is { } reason)
        {
            MarkStopped();
            throw new RlmBudgetExceededException(reason);
        }
    }

    /// <summary>Marks the budget exhausted when <paramref name="total"/> reached a token or cost limit.</summary>
    public void Check(RlmUsage total)
    {
        if (_budget.MaxInputTokens is { } input && total.InputTokens >= input)
        {
            Exhaust(string.Create(CultureInfo.InvariantCulture, $"the input-token budget of {input:N0} is used up ({total.InputTokens:N0} used)"));
        }
        else if (_budget.MaxOutputTokens is { } output && total.OutputTokens >= output)
        {
            Exhaust(string.Create(CultureInfo.InvariantCulture, $"the output-token budget of {output:N0} is used up ({total.OutputTokens:N0} used)"));
        }
        else if (_budget.MaxTotalTokens is { } tokens && total.TotalTokens >= tokens)
        {
            Exhaust(string.Create(CultureInfo.InvariantCulture, $"the token budget of {tokens:N0} is used up ({total.TotalTokens:N0} used)"));
        }
        else if (_budget.MaxCostUsd is { } cost && total.CostUsd >= cost)
        {
            Exhaust(string.Create(CultureInfo.InvariantCulture, $"the cost budget of ${cost:0.######} is used up (${total.CostUsd:0.######} spent)"));
        }
    }

    public void Dispose()
    {
        _onDeadline.Dispose();
        _deadline.Dispose();
    }

    private void Exhaust(string reason) => Interlocked.CompareExchange(ref _exhausted, reason, null);
}
