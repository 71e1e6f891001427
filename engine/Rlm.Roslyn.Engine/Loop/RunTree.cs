using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn;

/// <summary>What every RLM of one run tree shares: the clients, the options, the usage ledger and the event stream.</summary>
internal sealed class RunTree(IChatClient root, IChatClient sub, RlmOptions options, ChannelWriter<RlmEvent> events, ILogger logger, ILoggerFactory? loggerFactory = null)
{
    public IChatClient Root { get; } = root;

    public IChatClient Sub { get; } = sub;

    public RlmOptions Options { get; } = options;

    public UsageLedger Usage { get; } = new();

    public ILogger Logger { get; } = logger;

    /// <summary>Snippet outcomes and session resets, under their own category when a factory was given.</summary>
    public ILogger ScriptingLogger { get; } = loggerFactory?.CreateLogger(RlmTelemetry.ScriptingLogCategory) ?? logger;

    /// <summary>Sub-call failures, under their own category when a factory was given.</summary>
    public ILogger SubCallLogger { get; } = loggerFactory?.CreateLogger(RlmTelemetry.SubCallsLogCategory) ?? logger;

    public ScriptSessionOptions SessionOptions { get; } = new()
    {
        MaxCapturedOutputChars = options.MaxCapturedOutputChars,
        MaxHeapGrowthBytes = options.MaxSnippetHeapGrowthBytes,
        Policy = options.SubmissionPolicy,
    };

    public void Emit(RlmEvent e) => events.TryWrite(e);
}
