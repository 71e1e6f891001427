// The worker's entry: everything, starting with taking the protocol channel off the console, is the engine's.
return await Rlm.Roslyn.WorkerServer.RunAsync().ConfigureAwait(false);
