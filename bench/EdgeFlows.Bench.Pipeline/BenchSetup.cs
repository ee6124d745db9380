// What the benchmark's runs share: a container in Azurite, a base image in the registry (a
// layer of random bytes, so "the base is not pushed again" shows in the bytes), a temporary
// folder for the store and the jobs, and the pipeline's settings.
using System.Globalization;
using System.Text;
using EdgeFlows.Activities.Images;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Bench.Pipeline;

/// <summary>The shared setup; deleted on dispose.</summary>
public sealed class BenchSetup : IAsyncDisposable
{
    private readonly BlobStorageClient _storage;
    private readonly string _directory;
    private readonly string[] _rows;

    private BenchSetup(BlobStorageClient storage, string container, string directory, string baseImage, string[] rows, Dictionary<string, string?> settings)
    {
        _storage = storage;
        Container = container;
        _directory = directory;
        BaseImage = baseImage;
        _rows = rows;
        Settings = settings;
    }

    /// <summary>The container of the dataset and the outputs.</summary>
    public string Container { get; }

    /// <summary>The base image reference.</summary>
    public string BaseImage { get; }

    /// <summary>The pipeline's configuration.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Creates the container, pushes the base image and writes the settings.</summary>
    public static async Task<BenchSetup> CreateAsync(BenchServices services, PipelineBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var rows = await File.ReadAllLinesAsync(Path.Combine(root, "samples", "data", "breast_cancer_wisconsin.csv"), cancellationToken);
        var storage = new BlobStorageClient(services.ConnectionString);
        var container = $"bench-pipeline-{Guid.NewGuid():N}"[..36];
        await storage.CreateContainerIfNotExistsAsync(container, cancellationToken);
        var directory = Directory.CreateTempSubdirectory("edgeflows-bench-pipeline-").FullName;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var baseImage = await PushBaseImageAsync(services.Registry, $"bench/base-{tag}", options.BaseLayerBytes, cancellationToken);
        var settings = PipelineSettings(services, options, root, container, directory, baseImage, $"bench/model-{tag}");
        return new BenchSetup(storage, container, directory, baseImage, rows, settings);
    }

    /// <summary>Uploads the first <paramref name="rows"/> rows of the data set as the dataset's one file.</summary>
    public async Task UploadDatasetAsync(int rows, CancellationToken cancellationToken)
    {
        var text = string.Join('\n', _rows.Take(Math.Min(rows, _rows.Length - 1) + 1)) + "\n";
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await _storage.UploadAsync(Container, "training-data/bench/part-0.csv", content, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _storage.DeleteContainerIfExistsAsync(Container, CancellationToken.None);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    private static async Task<string> PushBaseImageAsync(string registry, string repository, int layerBytes, CancellationToken cancellationToken)
    {
        var bytes = new byte[layerBytes];
        new Random(42).NextBytes(bytes); // incompressible, like a base image's binaries
        var client = OciRegistryClient.ForRegistry(registry);
        var request = new ModelImageRequest { Repository = repository, Tag = "1", Files = [ImageFile.FromBytes("opt/base/blob.bin", bytes)] };
        await new ModelImageBuilder().PushAsync(request, client, cancellationToken: cancellationToken);
        return $"{registry}/{repository}:1";
    }

    private static Dictionary<string, string?> PipelineSettings(
        BenchServices services, PipelineBenchmarkOptions options, string root, string container, string directory, string baseImage, string repository)
    {
        string Ms(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
        var s = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["EdgeFlows:Durable:Sqlite:DataSource"] = Path.Combine(directory, "edgeflows.db"),
            ["EdgeFlows:Durable:Sqlite:Synchronous"] = "FULL",
            ["EdgeFlows:Storage:ConnectionString"] = services.ConnectionString,
            ["EdgeFlows:Targets:bench:WorkRoot"] = Path.Combine(directory, "jobs"),
            ["EdgeFlows:Targets:bench:MaxConcurrentJobs"] = "4",
            ["EdgeFlows:Recipes:default:Command:0"] = options.Python,
            ["EdgeFlows:Targets:bench:Python"] = options.Python,
            ["EdgeFlows:Recipes:default:Command:1"] = "{code}/train.py",
            ["EdgeFlows:Recipes:default:Command:2"] = "--inputs",
            ["EdgeFlows:Recipes:default:Command:3"] = "{inputs}",
            ["EdgeFlows:Recipes:default:Command:4"] = "--outputs",
            ["EdgeFlows:Recipes:default:Command:5"] = "{outputs}",
            ["EdgeFlows:Recipes:default:CodeFiles:0"] = Path.Combine(root, "samples", "trainer", "train.py"),
            ["EdgeFlows:Recipes:default:CodeFiles:1"] = Path.Combine(root, "samples", "trainer", "score.py"),
            ["EdgeFlows:Recipes:default:MinFreeDiskBytes"] = "1048576",
            ["EdgeFlows:Recipes:default:MinMemoryBytes"] = "1048576",
            ["EdgeFlows:Datasets:bench:Container"] = container,
            ["EdgeFlows:Retrain:Wait:FirstPollInterval"] = Ms(options.FirstPollInterval),
            ["EdgeFlows:Retrain:Wait:BackoffCoefficient"] = "1.5",
            ["EdgeFlows:Retrain:Wait:MaxPollInterval"] = Ms(options.MaxPollInterval),
            // Every run adds a row, so trainRows never falls: each run is promoted and pushed.
            ["EdgeFlows:Gate:Metric"] = "trainRows",
            ["EdgeFlows:Image:Registry"] = services.Registry,
            ["EdgeFlows:Image:Repository"] = repository,
            ["EdgeFlows:Image:BaseImage"] = baseImage,
        };
        if (services.Ssh is { } ssh)
        {
            s["EdgeFlows:Targets:bench:Kind"] = "ssh";
            s["EdgeFlows:Targets:bench:Host"] = ssh.Host;
            s["EdgeFlows:Targets:bench:Port"] = ssh.Port;
            s["EdgeFlows:Targets:bench:User"] = ssh.User;
            s["EdgeFlows:Targets:bench:IdentityFile"] = ssh.KeyFile;
            s["EdgeFlows:Targets:bench:KnownHostsFile"] = ssh.KnownHostsFile;
            s["EdgeFlows:Runners:SshClient"] = options.SshClient == "managed" ? "Managed" : "OpenSsh";
        }
        else
        {
            s["EdgeFlows:Targets:bench:Kind"] = "local";
        }

        return s;
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "EdgeFlows.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark from the repository (no EdgeFlows.sln above the current folder): it uses samples/trainer and samples/data.");
    }
}
