using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rlm.Roslyn;

/// <summary>
/// The sub-calls of a REPL session with an endpoint: a depth-0 <see cref="RlmRun"/> in a tree of its own, whose events
/// are dropped. The person at the prompt is the root, so the tree's root client is never asked and the sub client
/// stands in for it.
/// </summary>
internal sealed class ReplSubCalls : IDisposable
{
    private ReplSubCalls(RunTree tree, RlmRun run)
    {
        Tree = tree;
        Run = run;
    }

    /// <summary>The tree: bounds, budgets and the script session settings.</summary>
    public RunTree Tree { get; }

    /// <summary>The run the helpers call through.</summary>
    public RlmRun Run { get; }

    /// <summary>The sub-calls over <paramref name="subClient"/>, or <see langword="null"/> without one.</summary>
    public static ReplSubCalls? Create(IChatClient? subClient, RlmOptions options, string query, RlmContext context, ILogger? logger)
    {
        if (subClient is null)
        {
            return null;
        }

        var events = Channel.CreateBounded<RlmEvent>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var tree = new RunTree(subClient, subClient, options, events.Writer, logger ?? NullLogger.Instance);
        return new ReplSubCalls(tree, new RlmRun(tree, query, context, depth: 0, path: "0"));
    }

    /// <inheritdoc/>
    public void Dispose() => Tree.Dispose();
}
