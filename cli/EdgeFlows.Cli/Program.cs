using EdgeFlows.Cli;

// Ctrl-C cancels the running command (a watch stops watching; the run goes on) instead of
// killing the process mid-write; a second Ctrl-C ends it at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

return await EdgeFlowsCli.RunAsync(args, CliConsole.FromSystem(), interrupt.Token);
