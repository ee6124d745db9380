using System.Text.Json;
using EdgeFlows.Samples.Demo.Activities;
using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Durable.Tests.Samples;

/// <summary>The demo's activities called directly, for the cases a whole run does not reach.</summary>
public sealed class DemoActivitiesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));

    public DemoActivitiesTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TrainModel_DataDiffersFromTheProfiledFingerprint_ThrowsDatasetChanged()
    {
        var request = new TrainRequest(SampleData.BreastCancerCsv, new string('0', 64), _directory, new TrainingSettings());

        await Assert.ThrowsAsync<DatasetChangedException>(() => new TrainModel().RunAsync(Context("TrainModel", "run/1/2"), request, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_directory, TrainModel.ArtifactFileName)));
    }

    [Fact]
    public async Task RegisterModel_TwoCalls_GetConsecutiveVersions()
    {
        var request = await TrainedRequestAsync();

        var first = await new RegisterModel().RunAsync(Context("RegisterModel", "run-a/e/4"), request, CancellationToken.None);
        var second = await new RegisterModel().RunAsync(Context("RegisterModel", "run-b/e/4"), request, CancellationToken.None);

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.True(File.Exists(first.Path) && File.Exists(second.Path));
    }

    [Fact]
    public async Task RegisterModel_SameCallDeliveredTwice_RegistersOnce()
    {
        // An activity runs at least once: after a crash the same call (same idempotency key) runs again.
        var request = await TrainedRequestAsync();

        var first = await new RegisterModel().RunAsync(Context("RegisterModel", "run-a/e/4"), request, CancellationToken.None);
        var again = await new RegisterModel().RunAsync(Context("RegisterModel", "run-a/e/4", deliveryCount: 2), request, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(first.Path)!, "v*.json"));
    }

    [Fact]
    public async Task RegisterModel_ArtifactAlteredAfterTraining_Throws()
    {
        var request = await TrainedRequestAsync();
        await File.AppendAllTextAsync(request.ArtifactPath, " ");

        await Assert.ThrowsAsync<InvalidDataException>(() => new RegisterModel().RunAsync(Context("RegisterModel", "run-a/e/4"), request, CancellationToken.None));
    }

    [Fact]
    public async Task RegisterModel_NameWithPathSeparator_Throws()
    {
        var request = await TrainedRequestAsync() with { ModelName = "../escape" };

        await Assert.ThrowsAsync<ArgumentException>(() => new RegisterModel().RunAsync(Context("RegisterModel", "run-a/e/4"), request, CancellationToken.None));
    }

    [Fact]
    public async Task CheckCompute_RequirementAboveWhatTheHostHas_IsInsufficientWithAReason()
    {
        var request = new ComputeCheckRequest(_directory, new ComputeRequirements(MinCpuCount: Environment.ProcessorCount + 1));

        var report = await new CheckCompute().RunAsync(Context("CheckCompute", "run/e/0"), request, CancellationToken.None);

        Assert.False(report.Sufficient);
        Assert.Contains("CPUs", Assert.Single(report.Shortfalls), StringComparison.Ordinal);
    }

    private async Task<RegisterRequest> TrainedRequestAsync()
    {
        var profile = await new ProfileDataset().RunAsync(Context("ProfileDataset", "run/e/1"), SampleData.BreastCancerCsv, CancellationToken.None);
        var trained = await new TrainModel().RunAsync(
            Context("TrainModel", "run/e/2"), new TrainRequest(SampleData.BreastCancerCsv, profile.Sha256, _directory, new TrainingSettings(Iterations: 10)), CancellationToken.None);
        using (var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(trained.ArtifactPath)))
        {
            Assert.Equal(TrainedModel.CurrentFormat, artifact.RootElement.GetProperty("format").GetString());
        }

        return new RegisterRequest(
            Path.Combine(_directory, "models"), "test-model", trained.ArtifactPath, trained.ArtifactSha256, profile, trained.Metrics, "run", DateTime.UtcNow);
    }

    private static TaskActivityContext Context(string name, string idempotencyKey, int deliveryCount = 1) =>
        new(name, "run", idempotencyKey, Attempt: 1, deliveryCount);
}
