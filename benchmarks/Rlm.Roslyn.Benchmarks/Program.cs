using BenchmarkDotNet.Running;
using Rlm.Roslyn.Benchmarks;

if (args.Length > 0 && args[0] == "soak")
{
    return await SessionSoak.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "fanout")
{
    return await FanOutCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "corpus")
{
    return CorpusCommand.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "load")
{
    return await LoadCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "worker-startup")
{
    return await WorkerStartupCommand.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "scan")
{
    return ScanCommand.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
