// Ask a question about a file through an ordinary IChatClient: a long file goes through the RLM, a short one
// straight to the model. Usage:
//   OPENAI_API_KEY=sk-... dotnet run --project host/Rlm.Roslyn.Sample -- FILE "question"
// Endpoint and models: OPENAI_BASE_URL, RLM_MODEL (default gpt-5), RLM_SUB_MODEL (default: RLM_MODEL).
// Any RLM setting from the environment: Rlm__MaxIterations=10, Rlm__MinContextChars=50000, Rlm__SnippetTimeout=00:01:00.
using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using Rlm.Roslyn;
using Rlm.Roslyn.Sample;

if (args.Length != 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Rlm.Roslyn.Sample FILE \"question\"");
    return 2;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var endpoint = configuration["OPENAI_BASE_URL"] is { Length: > 0 } url ? new Uri(url) : null;
var key = configuration["OPENAI_API_KEY"] ?? (endpoint is null ? null : "none");
if (key is null)
{
    Console.Error.WriteLine("Set OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server).");
    return 2;
}

var model = configuration["RLM_MODEL"] ?? "gpt-5";
var openAI = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint });

var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
services.AddKeyedChatClient("sub", openAI.GetChatClient(configuration["RLM_SUB_MODEL"] ?? model).AsIChatClient())
    .UseOpenTelemetry();
services.AddChatClient(openAI.GetChatClient(model).AsIChatClient())
    .UseRecursiveContext()         // threshold, engine settings and sub client from AddRlm below
    .UseOpenTelemetry();           // every LM call is a span under the RLM turn or sub-call that made it
services.AddSingleton<ISubmissionPolicy>(RestrictedApiPolicy.Default);
services.AddRlm(configuration.GetSection(RlmServiceOptions.SectionName), o => o.SubClientKey ??= "sub");
await using var provider = services.BuildServiceProvider();

using var spans = new SpanTreePrinter(Console.Error, RlmTelemetry.ActivitySourceName, "Experimental.Microsoft.Extensions.AI");
var client = provider.GetRequiredService<IChatClient>();
var text = await File.ReadAllTextAsync(args[0]);
var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent(args[1]), new TextContent(text)])]);

Console.WriteLine(response.Text);
Console.Error.WriteLine(response.RawRepresentation is RlmResult result
    ? $"(RLM: {result.Ending}, {result.Iterations} turn(s), {result.Usage.Calls} LM call(s), {result.Usage.TotalTokens:N0} tokens)"
    : "(answered directly: the file is shorter than MinContextChars)");
return 0;
