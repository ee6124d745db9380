// Everything an end-to-end run of the pipeline needs, real and on 127.0.0.1: a container in
// Azurite behind a recording proxy (EdgeFlows and its jobs both reach storage through it), a
// work root for the local runner or the test sshd's user, docker-registry (optionally behind a
// recording proxy), and a webhook inbox. Settings are the configuration keys an operator would
// write in host.json and app settings, for an in-process host or a child process.
using System.Text.Json;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Tests.Pipeline.Activities;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

public enum Runner
{
    Local,
    Ssh,

    /// <summary>ssh with the managed client (SSH.NET in process, the Windows default) instead of the OpenSSH program.</summary>
    SshManaged,
}

public sealed class PipelineEnvironment : IAsyncDisposable
{
    public const string Dataset = "breast-cancer";
    public const string Model = "breast-cancer";

    private PipelineEnvironment(TempDirectory directory, TestContainer container, RecordingProxy storage, RecordingProxy registry, WebhookInbox inbox, string repository)
    {
        Directory = directory;
        Container = container;
        Storage = storage;
        Registry = registry;
        Inbox = inbox;
        Repository = repository;
    }

    public TempDirectory Directory { get; }

    public TestContainer Container { get; }

    /// <summary>The proxy in front of Azurite that EdgeFlows and the jobs use.</summary>
    public RecordingProxy Storage { get; }

    /// <summary>The proxy in front of the test docker-registry.</summary>
    public RecordingProxy Registry { get; }

    public WebhookInbox Inbox { get; }

    /// <summary>The image repository of this test's model.</summary>
    public string Repository { get; }

    /// <summary>The registry as EdgeFlows sees it: the proxy's host and port.</summary>
    public string RegistryHost => Registry.BaseUrl.Authority;

    public string WorkRoot => Directory.File("jobs");

    public string DatabasePath => Directory.File("edgeflows.db");

    /// <summary>The configuration of the pipeline under test; tests change it before starting a host.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<PipelineEnvironment> CreateAsync(Runner runner)
    {
        var directory = new TempDirectory();
        var container = await TestContainer.CreateAsync("pipeline");
        var storage = await RecordingProxy.StartAsync(Azurite.BlobEndpoint);
        var registry = await RecordingProxy.StartAsync(new Uri($"http://{EdgeFlows.Tests.Shared.Registry.Open}"));
        var inbox = await WebhookInbox.StartAsync();
        var repository = $"edgeflows-tests/model-{Guid.NewGuid():N}"[..40];
        var environment = new PipelineEnvironment(directory, container, storage, registry, inbox, repository);
        environment.Configure(runner);
        return environment;
    }

    /// <summary>The connection string through the storage proxy.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};BlobEndpoint={new Uri(Storage.BaseUrl, Azurite.AccountName)}";

    /// <summary>Uploads the Breast Cancer data set (or the given rows of it) as the dataset's files, and the marker.</summary>
    public async Task UploadDatasetAsync(int? rows = null, bool marker = true)
    {
        var lines = await File.ReadAllLinesAsync(RepositoryFiles.BreastCancerCsv);
        var body = rows is { } n ? lines.Take(n + 1) : lines;
        await Container.UploadAsync($"training-data/{Dataset}/part-0.csv", string.Join('\n', body) + "\n");
        if (marker)
        {
            await Container.UploadAsync($"training-data/{Dataset}/_SUCCESS", string.Empty);
        }
    }

    /// <summary>Writes <see cref="Settings"/> as a JSON file for a child host.</summary>
    public string WriteSettingsFile()
    {
        var path = Directory.File("settings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(Settings));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Inbox.DisposeAsync();
        await Registry.DisposeAsync();
        await Storage.DisposeAsync();
        await Container.DisposeAsync();
        Directory.Dispose();
    }

    private void Configure(Runner runner)
    {
        var s = Settings;
        s["EdgeFlows:Durable:Sqlite:DataSource"] = DatabasePath;
        s["EdgeFlows:Durable:Sqlite:Synchronous"] = "FULL";
        s["EdgeFlows:Durable:MinPollInterval"] = "00:00:00.010";
        s["EdgeFlows:Durable:MaxPollInterval"] = "00:00:00.200";
        s["EdgeFlows:Storage:ConnectionString"] = ConnectionString;
        s["EdgeFlows:BlobTrigger:ConnectionString"] = ConnectionString;
        s["EdgeFlows:BlobTrigger:PollInterval"] = "00:00:00.200";
        s["EdgeFlows:BlobTrigger:MaxPollInterval"] = "00:00:01";
        s["EdgeFlows:BlobTrigger:Watches:0:Container"] = Container.Name;
        s["EdgeFlows:BlobTrigger:Watches:0:Readiness"] = "Marker";
        if (runner == Runner.Local)
        {
            s["EdgeFlows:Targets:edge:Kind"] = "local";
            s["EdgeFlows:Targets:edge:WorkRoot"] = WorkRoot;
        }
        else
        {
            s["EdgeFlows:Targets:edge:Kind"] = "ssh";
            s["EdgeFlows:Targets:edge:Host"] = Sshd.Host;
            s["EdgeFlows:Targets:edge:Port"] = Sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["EdgeFlows:Targets:edge:User"] = Sshd.User;
            s["EdgeFlows:Targets:edge:IdentityFile"] = Sshd.KeyFile;
            s["EdgeFlows:Targets:edge:KnownHostsFile"] = Sshd.KnownHostsFile;
            s["EdgeFlows:Targets:edge:WorkRoot"] = WorkRoot;
            s["EdgeFlows:Runners:SshClient"] = runner == Runner.SshManaged ? "Managed" : "OpenSsh";
        }

        s["EdgeFlows:Targets:edge:MaxConcurrentJobs"] = "4";
        s["EdgeFlows:Recipes:default:Command:0"] = "python3";
        s["EdgeFlows:Recipes:default:Command:1"] = "{code}/train.py";
        s["EdgeFlows:Recipes:default:Command:2"] = "--inputs";
        s["EdgeFlows:Recipes:default:Command:3"] = "{inputs}";
        s["EdgeFlows:Recipes:default:Command:4"] = "--outputs";
        s["EdgeFlows:Recipes:default:Command:5"] = "{outputs}";
        s["EdgeFlows:Recipes:default:CodeFiles:0"] = RepositoryFiles.TrainPy;
        s["EdgeFlows:Recipes:default:CodeFiles:1"] = RepositoryFiles.ScorePy;
        s["EdgeFlows:Recipes:default:MaxDuration"] = "00:05:00";
        s["EdgeFlows:Recipes:default:MinFreeDiskBytes"] = "1048576";
        s["EdgeFlows:Recipes:default:MinMemoryBytes"] = "1048576";
        s[$"EdgeFlows:Datasets:{Dataset}:ModelName"] = Model;
        s[$"EdgeFlows:Datasets:{Dataset}:Container"] = Container.Name;
        s["EdgeFlows:Retrain:Wait:FirstPollInterval"] = "00:00:00.100";
        s["EdgeFlows:Retrain:Wait:BackoffCoefficient"] = "1.5";
        s["EdgeFlows:Retrain:Wait:MaxPollInterval"] = "00:00:01";
        s["EdgeFlows:Retrain:Compute:Deadline"] = "00:00:02";
        s["EdgeFlows:Retrain:Compute:RecheckInterval"] = "00:00:00.500";
        foreach (var step in new[] { "Plan", "CheckCompute", "StartTraining", "GetTrainingStatus", "CancelTraining", "RegisterModel", "BuildAndPushImage", "SendWebhook" })
        {
            s[$"EdgeFlows:Retrain:Retry:{step}:FirstRetryInterval"] = "00:00:00.200";
            s[$"EdgeFlows:Retrain:Retry:{step}:MaxRetryInterval"] = "00:00:01";
        }

        s["EdgeFlows:Image:Registry"] = RegistryHost;
        s["EdgeFlows:Image:Repository"] = Repository;
        s["EdgeFlows:Webhooks:FirstRetryDelay"] = "00:00:00.050";
        s["EdgeFlows:Webhooks:MaxRetryDelay"] = "00:00:00.200";
        s["EdgeFlows:Webhooks:Endpoints:ops:Url"] = Inbox.Url.ToString();
        s["EdgeFlows:Webhooks:Endpoints:ops:Secret"] = WebhookInbox.TestSecret;
        s["EdgeFlows:Webhooks:Endpoints:ops:MaxAttempts"] = "3";
    }
}
