using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rlm.Roslyn.Host.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that speaks the OpenAI chat completions protocol
/// and answers from a script: POST {BaseUrl}/chat/completions (also /chat/completions), JSON or SSE streaming,
/// with injectable error statuses and dropped connections. Every request is recorded.
/// A streamed answer ends with a usage chunk when the request sets stream_options.include_usage (the OpenAI .NET client always does).
/// </summary>
internal sealed class ScriptedOpenAIServer : IAsyncDisposable
{
    private static readonly byte[] DonePayload = Encoding.UTF8.GetBytes("data: [DONE]\n\n");
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    private readonly Func<ChatRequestRecord, ScriptedReply> _respond;
    private readonly List<ChatRequestRecord> _requests = [];
    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private ScriptedOpenAIServer(Func<ChatRequestRecord, ScriptedReply> respond)
    {
        _respond = respond;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost
            .UseKestrelCore()
            .ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The OpenAI-style base URL, e.g. http://127.0.0.1:PORT/v1 — give it to the client as its endpoint.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>A snapshot of the chat completion requests received so far, in arrival order.</summary>
    public IReadOnlyList<ChatRequestRecord> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server that asks <paramref name="respond"/> for the reply to each request (may be called concurrently).</summary>
    public static async Task<ScriptedOpenAIServer> StartAsync(Func<ChatRequestRecord, ScriptedReply> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        var server = new ScriptedOpenAIServer(respond);
        try
        {
            await server._app.StartAsync();
            var address = server._app.Urls.Single();
            server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a server that answers with these texts in order, then with a 500 once they run out.</summary>
    public static Task<ScriptedOpenAIServer> StartAsync(params string[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        return StartAsync(replies.Select(ScriptedReply.Text));
    }

    /// <summary>Starts a server that answers with these replies in order, then with a 500 once they run out.</summary>
    public static Task<ScriptedOpenAIServer> StartAsync(IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var script = replies.ToList();
        var queue = new ConcurrentQueue<ScriptedReply>(script);
        return StartAsync(request => queue.TryDequeue(out var reply)
            ? reply
            : ScriptedReply.Error(
                500,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"ScriptedOpenAIServer: the script ran dry: request #{request.Index + 1} arrived but only {script.Count} replies were scripted."))
                with
                { ErrorCode = "script_exhausted" });
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Pending scripted delays end first, so disposal never waits for a slow reply.
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // In-flight requests did not finish in time; disposal tears them down.
            }
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string message, string type, string? code, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(OpenAIWireFormat.Error(message, type, code), cancellationToken).AsTask();
    }

    private static async Task WriteEventAsync(Stream body, byte[] json, CancellationToken cancellationToken)
    {
        await body.WriteAsync(DataPrefix, cancellationToken);
        await body.WriteAsync(json, cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static Task WriteErrorReplyAsync(HttpContext context, ScriptedReply reply, CancellationToken cancellationToken)
    {
        if (reply.RetryAfter is { } retryAfter)
        {
            var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
            var milliseconds = (long)Math.Ceiling(retryAfter.TotalMilliseconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        }

        return WriteErrorAsync(context, reply.StatusCode, reply.ErrorMessage, reply.ErrorType, reply.ErrorCode, cancellationToken);
    }

    private static async Task WriteCompletionAsync(HttpContext context, ChatRequestRecord request, string content, CancellationToken cancellationToken)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-scripted-{request.Index}");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var promptTokens = OpenAIWireFormat.CountTokens(request.Messages.Sum(m => m.Content.Length));
        var completionTokens = OpenAIWireFormat.CountTokens(content.Length);

        if (!request.Stream)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            var json = OpenAIWireFormat.Completion(id, created, request.Model, content, promptTokens, completionTokens);
            await context.Response.Body.WriteAsync(json, cancellationToken);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var body = context.Response.Body;
        await WriteEventAsync(body, OpenAIWireFormat.Chunk(id, created, request.Model, "assistant", "", null), cancellationToken);
        foreach (var piece in OpenAIWireFormat.SplitForStreaming(content))
        {
            await WriteEventAsync(body, OpenAIWireFormat.Chunk(id, created, request.Model, null, piece, null), cancellationToken);
        }

        await WriteEventAsync(body, OpenAIWireFormat.Chunk(id, created, request.Model, null, null, "stop"), cancellationToken);
        if (request.IncludeUsage)
        {
            await WriteEventAsync(body, OpenAIWireFormat.UsageChunk(id, created, request.Model, promptTokens, completionTokens), cancellationToken);
        }

        await body.WriteAsync(DonePayload, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(context.Request.Method) || path is not ("/v1/chat/completions" or "/chat/completions"))
        {
            await WriteErrorAsync(
                context,
                StatusCodes.Status404NotFound,
                $"Unknown request URL: {context.Request.Method} {path}. ScriptedOpenAIServer serves only POST /v1/chat/completions.",
                "invalid_request_error",
                "unknown_url",
                cancellationToken);
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        ChatRequestRecord request;
        try
        {
            lock (_gate)
            {
                request = OpenAIWireFormat.ParseRequest(_requests.Count, path, body);
                _requests.Add(request);
            }
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                $"ScriptedOpenAIServer could not read the request as a chat completion: {ex.Message}",
                "invalid_request_error",
                null,
                cancellationToken);
            return;
        }

        var reply = Respond(request);
        if (reply.Delay > TimeSpan.Zero && !await DelayAsync(reply.Delay, cancellationToken))
        {
            context.Abort();
            return;
        }

        try
        {
            switch (reply.Kind)
            {
                case ScriptedReplyKind.DropConnection:
                    context.Abort();
                    break;
                case ScriptedReplyKind.Error:
                    await WriteErrorReplyAsync(context, reply, cancellationToken);
                    break;
                default:
                    await WriteCompletionAsync(context, request, reply.Content, cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
    }

    /// <summary>Waits; false when the client went away or the server is stopping.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken requestAborted)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _stopping.Token);
        try
        {
            await Task.Delay(delay, either.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private ScriptedReply Respond(ChatRequestRecord request)
    {
        try
        {
            return _respond(request);
        }
#pragma warning disable CA1031 // A throwing script must reach the test as a readable 500, not as a torn connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ScriptedReply.Error(500, $"ScriptedOpenAIServer: the respond callback threw {ex.GetType().Name}: {ex.Message}");
        }
    }
}
