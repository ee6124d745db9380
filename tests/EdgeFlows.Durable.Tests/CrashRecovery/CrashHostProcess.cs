// The crash host (tests/EdgeFlows.Durable.CrashHost) running in a child process: started with
// `dotnet exec` on the dll the build copied beside this assembly, its stdout read line by
// line, killed with SIGKILL (Process.Kill on Linux) when a test says so.
using System.Diagnostics;
using EdgeFlows.Durable.CrashHost;

namespace EdgeFlows.Durable.Tests.CrashRecovery;

/// <summary>One run of the crash host.</summary>
internal sealed class CrashHostProcess : IDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Queue<string> _errorTail = new();
    private readonly Lock _lock = new();

    private CrashHostProcess(Process process) => _process = process;

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the host with these arguments.</summary>
    public static CrashHostProcess Start(CrashHostArguments arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EdgeFlows.Durable.CrashHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The crash host was not built beside the tests (see the ProjectReference in the test project).", dll);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments.ToCommandLine())
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var host = new CrashHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The stdout lines so far.</summary>
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

    /// <summary>How many stdout lines of this kind (<see cref="Progress"/>) were printed.</summary>
    public int Count(string kind, Func<string[], bool>? filter = null) =>
        Output.Select(line => line.Split(' ')).Count(f => f[0] == kind && (filter?.Invoke(f) ?? true));

    /// <summary>
    /// Waits until <paramref name="count"/> lines of a kind were printed; false when the host
    /// exited first. Throws when neither happens within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForLinesAsync(string kind, int count, TimeSpan timeout, Func<string[], bool>? filter = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Count(kind, filter) < count)
        {
            if (_process.HasExited)
            {
                return false;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The crash host printed fewer than {count} '{kind}' lines within {timeout}.\n{Tail()}");
            }

            await Task.Delay(2);
        }

        return true;
    }

    /// <summary>Waits <paramref name="delay"/>; false when the host exited meanwhile.</summary>
    public async Task<bool> StaysAliveAsync(TimeSpan delay)
    {
        using var cancellation = new CancellationTokenSource(delay);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Kills the host with SIGKILL and waits until it is gone and its output read.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the host to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The crash host did not finish within {timeout}.\n{Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>The last lines of stdout and stderr, for failure messages.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            return $"--- crash host (pid {_process.Id}) stdout, last {TailLines} lines ---\n{string.Join('\n', _output.TakeLast(TailLines))}\n" +
                $"--- stderr, last {TailLines} lines ---\n{string.Join('\n', _errorTail)}";
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
            // It was never started.
        }

        _process.Dispose();
    }

    private static string DotnetHost()
    {
        // The SDK tells child processes which muxer runs them; this test host runs on it too.
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.Add(line);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _errorTail.Enqueue(line);
            if (_errorTail.Count > TailLines)
            {
                _errorTail.Dequeue();
            }
        }
    }
}
