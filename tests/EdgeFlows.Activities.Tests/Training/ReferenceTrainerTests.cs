// The reference trainer (samples/trainer/train.py) on the real data set, run as EdgeFlows
// runs it: through the local runner, data from Azurite by SAS URL, model and metrics back.
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFlows.Activities.Tests.Storage;
using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

public sealed class ReferenceTrainerTests(ContainerFixture storage) : IClassFixture<ContainerFixture>, IDisposable
{
    private static readonly string Repository = FindRepository();
    private static readonly string TrainScript = Path.Join(Repository, "samples", "trainer", "train.py");
    private static readonly string ScoreScript = Path.Join(Repository, "samples", "trainer", "score.py");
    private static readonly string DataFile = Path.Join(Repository, "samples", "data", "breast_cancer_wisconsin.csv");

    private readonly JobBlobs _blobs = new(storage.Client, storage.Container);
    private readonly LocalTrainingRunner _runner = new();
    private readonly string _workRoot = TestFolders.Create("trainer");

    private TrainingTarget Target => new() { Name = "this-host", Kind = TrainingTargetKinds.Local, WorkRoot = _workRoot };

    [Fact]
    public async Task TrainPy_BreastCancerData_WritesModelAndSaneMetrics()
    {
        var (model, metrics) = await TrainAsync("run1");

        Assert.Equal("edgeflows.logistic-regression.v1", (string?)model["format"]);
        Assert.Equal(30, model["featureNames"]!.AsArray().Count);
        Assert.Equal(30, model["weights"]!.AsArray().Count);
        Assert.Equal(30, model["scaler"]!["mean"]!.AsArray().Count);
        Assert.Equal(569, (int)metrics["rows"]!);
        Assert.Equal(569, (int)metrics["trainRows"]! + (int)metrics["testRows"]!);
        Assert.InRange((int)metrics["testRows"]!, 80, 150);
        Assert.InRange((double)metrics["accuracy"]!, 0.9, 1.0);
        Assert.InRange((double)metrics["auc"]!, 0.95, 1.0);
        Assert.InRange((double)metrics["f1"]!, 0.85, 1.0);
        Assert.InRange((double)metrics["logLoss"]!, 0.0, 0.3);
        Assert.InRange((double)metrics["trainingSeconds"]!, 0.0, 600.0);
    }

    [Fact]
    public async Task TrainPy_SameDataTwice_SameModelAndMetrics()
    {
        var first = await TrainAsync("first");
        var second = await TrainAsync("second");

        Assert.Equal(first.Model.ToJsonString(), second.Model.ToJsonString());
        first.Metrics.Remove("trainingSeconds");
        second.Metrics.Remove("trainingSeconds");
        Assert.Equal(first.Metrics.ToJsonString(), second.Metrics.ToJsonString());
    }

    [Fact]
    public async Task ScorePy_Serve_ScoresRowsWithTheTrainedModel()
    {
        var modelFile = Path.Join(_workRoot, "model.json");
        var (model, _) = await TrainAsync("serve");
        await File.WriteAllTextAsync(modelFile, model.ToJsonString());
        var port = FreePort();
        using var server = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3")
        {
            ArgumentList = { ScoreScript, "serve", "--model", modelFile, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
        })!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitForHealthAsync(http);
            var rows = (await File.ReadAllLinesAsync(DataFile)).Skip(1).Take(20).Select(l => l.Split(',')).ToArray();
            var instances = rows.Select(r => r[..^1].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();

            using var response = await http.PostAsJsonAsync("/score", new { instances });
            var scored = await response.Content.ReadFromJsonAsync<JsonObject>();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var labels = scored!["labels"]!.AsArray().Select(l => (int)l!).ToArray();
            var expected = rows.Select(r => int.Parse(r[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(20, labels.Length);
            Assert.InRange(labels.Zip(expected).Count(p => p.First == p.Second), 18, 20);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    public void Dispose() => TestFolders.Delete(_workRoot);

    private async Task<(JsonObject Model, JsonObject Metrics)> TrainAsync(string name)
    {
        var jobId = $"train-{name}-{Guid.NewGuid():N}"[..24];
        var input = await _blobs.InputAsync("breast_cancer_wisconsin.csv", $"training-data/{jobId}/data.csv", await File.ReadAllBytesAsync(DataFile));
        var spec = new TrainingJobSpec
        {
            JobId = jobId,
            Command = ["python3", "{code}/train.py", "--inputs", "{inputs}", "--outputs", "{outputs}"],
            CodeFiles = [TrainScript],
            Inputs = [input],
            Outputs = [_blobs.Output("model.json", $"models/{jobId}/model.json"), _blobs.Output("metrics.json", $"models/{jobId}/metrics.json")],
            MaxDuration = TimeSpan.FromMinutes(10),
        };

        await _runner.StartAsync(Target, spec);
        var done = await JobWaits.FinishedAsync(_runner, Target, jobId);

        Assert.True(done.Phase == TrainingJobPhase.Succeeded, $"{done.Phase}: {done.Error} [{string.Join(" | ", done.LastLogLines ?? [])}]");
        Assert.Contains(done.LastLogLines!, l => l.StartsWith("trained on ", StringComparison.Ordinal));
        var model = JsonNode.Parse(await _blobs.ReadAsync($"models/{jobId}/model.json"))!.AsObject();
        var metrics = JsonNode.Parse(await _blobs.ReadAsync($"models/{jobId}/metrics.json"))!.AsObject();
        return (model, metrics);
    }

    private static async Task WaitForHealthAsync(HttpClient http)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var health = await http.GetAsync("/healthz", bound.Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, bound.Token);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Join(folder.FullName, "EdgeFlows.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No EdgeFlows.sln above {AppContext.BaseDirectory}: the reference trainer tests read samples/ from the repository.");
    }
}
