using EdgeFlows.Activities.Training;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Activities;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

/// <summary>The training activities over the real local and ssh runners, with jobs reading and writing Azurite through SAS URLs.</summary>
public sealed class TrainingActivitiesTests : IAsyncLifetime, IDisposable
{
    private const string PlantedSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly TempDirectory _work = new();
    private ServiceProvider _services = null!;
    private TestContainer _container = null!;
    private ActivityTestContext _context = null!;

    public async Task InitializeAsync()
    {
        _container = await TestContainer.CreateAsync("training");
        _context = new ActivityTestContext(o =>
        {
            o.Targets["local"] = new TrainingTargetOptions { Kind = "local", WorkRoot = _work.File("local") };
            o.Targets["vm"] = new TrainingTargetOptions
            {
                Kind = "ssh", Host = Sshd.Host, Port = Sshd.Port, User = Sshd.User, IdentityFile = Sshd.KeyFile, KnownHostsFile = Sshd.KnownHostsFile, WorkRoot = _work.File("ssh"),
            };
            o.Targets["changed-key"] = new TrainingTargetOptions
            {
                Kind = "ssh", Host = Sshd.Host, Port = Sshd.Port, User = Sshd.User, IdentityFile = Sshd.KeyFile, KnownHostsFile = Sshd.WrongKnownHostsFile, WorkRoot = _work.File("ssh"),
            };
            o.Webhooks.Endpoints["ops"] = new WebhookOptions { Url = new Uri("http://127.0.0.1:9/"), Secret = PlantedSecret };
        });
        _services = new ServiceCollection()
            .AddLogging()
            .AddTrainingRunners()
            .AddSingleton(_context.Wrapped)
            .AddSingleton(_context.Storage)
            .AddSingleton(_context.Redactor)
            .AddSingleton(TimeProvider.System)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _container.DisposeAsync();
        await _services.DisposeAsync();
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task CheckCompute_LocalTarget_ReportsAUsableMachine()
    {
        var report = await Activity<CheckCompute>().RunAsync(Call(RetrainSteps.CheckCompute), new CheckComputeInput("local"), CancellationToken.None);

        Assert.True(report.Reachable, report.Error);
        Assert.True(report.FreeDiskBytes > 0 && report.MemoryAvailableBytes > 0 && report.CpuCount > 0, report.ToString());
        Assert.Equal(1, report.MaxConcurrentJobs);
    }

    [Fact]
    public async Task CheckCompute_ChangedHostKey_ReportsUnreachableSayingWhy()
    {
        var report = await Activity<CheckCompute>().RunAsync(Call(RetrainSteps.CheckCompute), new CheckComputeInput("changed-key"), CancellationToken.None);

        Assert.False(report.Reachable);
        Assert.Contains("host key", report.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("vm")]
    public async Task StartTraining_ReferenceTrainer_TrainsFromSasInputsAndUploadsItsOutputs(string target)
    {
        await _container.UploadAsync("training-data/iris/part-0.csv", string.Join('\n', File.ReadLines(EndToEnd.RepositoryFiles.BreastCancerCsv).Take(120)) + "\n");
        var input = StartInput(target, "job-train-" + target, RecipeOf(["python3", "{code}/train.py", "--inputs", "{inputs}", "--outputs", "{outputs}"], [EndToEnd.RepositoryFiles.TrainPy]));

        var started = await Activity<StartTraining>().RunAsync(Call(RetrainSteps.StartTraining), input, CancellationToken.None);
        var finished = await WaitAsync(target, input.JobId);
        var again = await Activity<StartTraining>().RunAsync(Call(RetrainSteps.StartTraining), input, CancellationToken.None);

        Assert.Equal(input.JobId, started.JobId);
        Assert.Equal(TrainingJobPhase.Succeeded, finished.Phase);
        Assert.Equal((TrainingJobPhase.Succeeded, finished.StartedAt), (again.Phase, again.StartedAt)); // the same job, not a second one
        await using var metrics = await _container.Client.DownloadAsync(_container.Name, $"{input.OutputPrefix}metrics.json");
        Assert.True(metrics.Properties.ContentLength > 0);
    }

    [Fact]
    public async Task CancelTraining_RunningJob_IsCancelledOnTheTarget()
    {
        await _container.UploadAsync("training-data/iris/part-0.csv");
        var input = StartInput("local", "job-cancel", RecipeOf(["python3", "-c", "import time; print('training', flush=True); time.sleep(120)"], []));
        await Activity<StartTraining>().RunAsync(Call(RetrainSteps.StartTraining), input, CancellationToken.None);
        await WaitAsync("local", input.JobId, s => s.Phase == TrainingJobPhase.Running);

        var cancelled = await Activity<CancelTraining>().RunAsync(Call(RetrainSteps.CancelTraining), new TrainingJobRef("local", input.JobId), CancellationToken.None);

        Assert.Equal(TrainingJobPhase.Cancelled, cancelled.Phase);
    }

    [Fact]
    public async Task GetTrainingStatus_LogHoldingAConfiguredSecret_ReturnsItMasked()
    {
        await _container.UploadAsync("training-data/iris/part-0.csv");
        var input = StartInput("local", "job-leak", RecipeOf(["python3", "-c", $"print('secret is {PlantedSecret[6..]} and whsec_{PlantedSecret[6..]}')"], []));
        await Activity<StartTraining>().RunAsync(Call(RetrainSteps.StartTraining), input, CancellationToken.None);

        var status = await WaitAsync("local", input.JobId);

        Assert.Contains(status.LastLogLines!, l => l.Contains("secret is", StringComparison.Ordinal));
        Assert.DoesNotContain(status.LastLogLines!, l => l.Contains(PlantedSecret[6..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartTraining_ChangedHostKey_IsRefusedNotRetried()
    {
        var input = StartInput("changed-key", "job-refused", RecipeOf(["true"], []));

        var refused = await Assert.ThrowsAsync<RetrainStepRefusedException>(() =>
            Activity<StartTraining>().RunAsync(Call(RetrainSteps.StartTraining), input, CancellationToken.None));

        Assert.Contains("host key", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    private StartTrainingInput StartInput(string target, string jobId, RecipePlan recipe) =>
        new(jobId, target, recipe, _container.Name, [new TrainingInput("part-0.csv", "training-data/iris/part-0.csv", "x", 1)], $"models/iris/{jobId}/");

    private static RecipePlan RecipeOf(IList<string> command, IList<string> code) =>
        RetrainPlanner.RecipePlan("test", new RecipeOptions { Command = command, CodeFiles = code, MaxDuration = TimeSpan.FromMinutes(5) });

    private async Task<TrainingJobState> WaitAsync(string target, string jobId, Func<TrainingJobState, bool>? until = null)
    {
        var status = Activity<GetTrainingStatus>();
        TrainingJobState state = null!;
        await Eventually.TrueAsync(
            async () => (until ?? (s => s.Phase.IsFinished()))(state = await status.RunAsync(Call(RetrainSteps.GetTrainingStatus), new TrainingJobRef(target, jobId), CancellationToken.None)),
            $"job {jobId} on {target}",
            TimeSpan.FromSeconds(90));
        return state;
    }

    private T Activity<T>()
        where T : class => ActivatorUtilities.CreateInstance<T>(_services);

    private static Durable.TaskActivityContext Call(string name) => ActivityTestContext.Call(name);
}
