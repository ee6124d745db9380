// Azurite for one benchmark run: the copy eng/services/azurite.sh installs (pinned by
// eng/azurite/package-lock.json), on a free 127.0.0.1 port, its data kept in memory, stopped
// when the run ends.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeFlows.Bench.BlobTrigger;

/// <summary>An Azurite blob service this process started.</summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly string RelativePath = Path.Combine("eng", "azurite", "node_modules", ".bin", "azurite-blob");

    private readonly Process _process;
    private readonly string _directory;

    private AzuriteProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken)
    {
        var executable = Find() ?? throw new InvalidOperationException(
            $"Azurite is not installed: no {RelativePath} above {Environment.CurrentDirectory}. Install it with " +
            "'source eng/services/common.sh; source eng/services/azurite.sh; azurite_install', or pass --connection.");
        var directory = Directory.CreateTempSubdirectory("edgeflows-bench-azurite-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--disableTelemetry", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, directory, port);
        try
        {
            await WaitForPortAsync(port, process, cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    private static string? Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, Process process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start (code {process.ExitCode}).");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
