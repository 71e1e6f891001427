namespace Rlm.Roslyn.Host.Eval;

/// <summary>What one <c>rlm eval</c> run does.</summary>
internal sealed record EvalRunOptions
{
    /// <summary>The task family.</summary>
    public required IEvalFamily Family { get; init; }

    /// <summary>Context lengths in tokens, each a point on the chart.</summary>
    public required IReadOnlyList<int> Lengths { get; init; }

    /// <summary>Tasks per length. Default 50.</summary>
    public int Count { get; init; } = 50;

    /// <summary>The generator seed. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The methods to run on every task.</summary>
    public required IReadOnlyList<IEvalMethod> Methods { get; init; }

    /// <summary>The results folder (created when missing).</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The root model's name, recorded per result and part of the resume key.</summary>
    public required string Model { get; init; }

    /// <summary>The sub-model's name, recorded for rlm results.</summary>
    public string? SubModel { get; init; }

    /// <summary>Price per million input tokens; null records no cost.</summary>
    public double? InputPricePerMillion { get; init; }

    /// <summary>Price per million output tokens; null records no cost.</summary>
    public double? OutputPricePerMillion { get; init; }

    /// <summary>Consecutive failed tasks after which the run stops (an endpoint that is down). Default 5.</summary>
    public int MaxConsecutiveFailures { get; init; } = 5;
}
