// The pipeline host (tests/EdgeFlows.Functions.PipelineHost) in a child process: started with
// `dotnet exec` on the dll the build copied beside this assembly, its stdout read line by line,
// killed with SIGKILL (Process.Kill) when a test says so. Only the host is killed, not its
// process tree: a training job it started keeps running, as on a real VM.
using System.Diagnostics;
using EdgeFlows.Functions.PipelineHost;

namespace EdgeFlows.Functions.Tests.Pipeline.CrashRecovery;

internal sealed class PipelineHostProcess : IDisposable
{
    private const int TailLines = 60;
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Queue<string> _errors = new();
    private readonly Lock _lock = new();

    private PipelineHostProcess(Process process) => _process = process;

    public static PipelineHostProcess Start(string settingsFile, string? pauseAfter = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EdgeFlows.Functions.PipelineHost.dll");
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", dll, "--settings", settingsFile })
        {
            start.ArgumentList.Add(argument);
        }

        if (pauseAfter is not null)
        {
            start.ArgumentList.Add("--pause-after");
            start.ArgumentList.Add(pauseAfter);
        }

        var process = new Process { StartInfo = start };
        var host = new PipelineHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lock)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Waits for a stdout line starting with <paramref name="prefix"/>; fails if the host exits or the time runs out.</summary>
    public async Task WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!Output.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The pipeline host exited ({_process.ExitCode}) before printing '{prefix}'.\n{Tail()}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The pipeline host did not print '{prefix}' within {timeout}.\n{Tail()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL, and wait until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public string Tail()
    {
        lock (_lock)
        {
            return $"--- stdout ---\n{string.Join('\n', _output.TakeLast(TailLines))}\n--- stderr (last {TailLines}) ---\n{string.Join('\n', _errors)}";
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void OnLine(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            if (!error)
            {
                _output.Add(line);
                return;
            }

            _errors.Enqueue(line);
            if (_errors.Count > TailLines)
            {
                _errors.Dequeue();
            }
        }
    }

    // Keeps the host's line kinds in one place with the host.
    internal static string Started => Progress.Started;

    internal static string Paused => Progress.Paused;
}
