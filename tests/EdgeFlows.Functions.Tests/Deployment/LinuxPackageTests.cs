// The linux-x64 package: unpacked as an operator would, given the settings its sample lists as
// environment variables (as App Service app settings are), and started as a process on
// 127.0.0.1 with a data folder of its own.
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Deployment;

public sealed partial class LinuxPackageTests
{
    private const string Runtime = "linux-x64";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void LinuxX64Package_EntryPoint_IsExecutable()
    {
        using var package = PublishedPackages.Open(Runtime);

        // Unix mode bits live in the upper 16 bits of the external attributes; unzip and .NET restore them.
        var mode = (PublishedPackages.Entry(package, "EdgeFlows.Functions").ExternalAttributes >> 16) & 0x1FF;
        Assert.True((mode & 0x40) != 0, $"EdgeFlows.Functions has mode {Convert.ToString(mode, 8)}; the owner must be able to run it.");
    }

    [Fact]
    public void LinuxX64Package_Root_HoldsHostJsonAndNoWebConfig()
    {
        using var package = PublishedPackages.Open(Runtime);

        PublishedPackages.Entry(package, "host.json");
        PublishedPackages.Entry(package, "libe_sqlite3.so");
        Assert.Null(package.GetEntry("web.config"));
    }

    [Fact]
    public async Task LinuxX64Package_Started_AnswersHealthzAndStopsCleanlyOnSigterm()
    {
        using var folder = new TempDirectory();
        var app = Path.Combine(folder.Path, "app");
        var data = Path.Combine(folder.Path, "data");
        ZipFile.ExtractToDirectory(PublishedPackages.Path(Runtime), app);

        using var process = Start(Path.Combine(app, "EdgeFlows.Functions"), data, OperatorSettings(app));
        var output = new ProcessOutput(process);
        try
        {
            var address = await output.ListeningAddressAsync(StartTimeout);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

            using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(File.Exists(Path.Combine(data, "edgeflows.db")), "The store should be in the data folder given on the command line.\n" + output.Text);

            SendSigterm(process);
            using var stopped = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    // What an operator sets as app settings: every secret the package's local.settings.sample.json
    // lists, filled in. Storage points at an address where nothing listens: /healthz checks no
    // dependency, and nothing here may reach a real account.
    private static Dictionary<string, string> OperatorSettings(string appFolder)
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(appFolder, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Name switch
            {
                _ when p.Name.EndsWith("ConnectionString", StringComparison.Ordinal) => UnreachableStorage,
                _ when p.Name.EndsWith("Secret", StringComparison.Ordinal) => "whsec_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()),
                _ => "filled-in",
            });
    }

    private const string UnreachableStorage =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Azurite.AccountKey + ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1";

    private static Process Start(string executable, string dataFolder, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        foreach (var argument in new[]
                 {
                     "--urls", "http://127.0.0.1:0",
                     "--EdgeFlows:Host:DataFolder=" + dataFolder,
                     "--EdgeFlows:Keys:Host=" + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The developer's own settings must not reach the app under test.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("EdgeFlows", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
    }

    private static void SendSigterm(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Collects the app's console output and finds the address Kestrel chose.</summary>
    private sealed class ProcessOutput
    {
        private readonly Lock _lock = new();
        private readonly System.Text.StringBuilder _text = new();
        private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ProcessOutput(Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.Exited += (_, _) => _address.TrySetException(new InvalidOperationException("The app exited before it listened:\n" + Text));
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task<Uri> ListeningAddressAsync(TimeSpan timeout)
        {
            try
            {
                return await _address.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The app did not report a listening address within {timeout}:\n{Text}");
            }
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lock)
            {
                _text.AppendLine(line);
            }

            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                _address.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }
    }
}
