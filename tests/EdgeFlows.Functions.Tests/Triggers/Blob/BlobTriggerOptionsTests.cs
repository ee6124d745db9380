using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class BlobTriggerOptionsTests
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private static BlobTriggerOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDurableRuntime(r => r.AddBlobTrigger(configuration));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BlobTriggerOptions>>().Value;
    }

    [Fact]
    public void AddBlobTrigger_Configuration_BindsWatchesAndDefaults()
    {
        var options = Bind(
            ("EdgeFlows:BlobTrigger:ConnectionString", DevelopmentStorage),
            ("EdgeFlows:BlobTrigger:PollInterval", "00:00:02"),
            ("EdgeFlows:BlobTrigger:Watches:0:Container", "data"),
            ("EdgeFlows:BlobTrigger:Watches:0:Readiness", "Marker"),
            ("EdgeFlows:BlobTrigger:Watches:0:IgnorePrefixes:0", "outputs/"));

        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxPollInterval);
        var watch = Assert.Single(options.Watches);
        Assert.Equal(("data", "data", DatasetReadiness.Marker, "Retrain"), (watch.Container, watch.EffectiveName, watch.Readiness, watch.Orchestrator));
        Assert.Equal(["outputs/"], watch.IgnorePrefixes);
        Assert.Equal(BlobPathPattern.Default, watch.PathPattern);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void AddBlobTrigger_Always_RegistersTheDatasetWatcher()
    {
        var services = new ServiceCollection();
        OrchestrationRegistry? registry = null;
        services.AddDurableRuntime(r =>
        {
            r.AddBlobTrigger(new ConfigurationBuilder().Build());
            registry = r.Registry;
        });

        Assert.True(registry!.HasOrchestrator(DatasetWatcher.Name));
    }

    [Fact]
    public void Validate_BadValues_NamesEachKey()
    {
        var options = new BlobTriggerOptions
        {
            PollInterval = TimeSpan.Zero,
            ForgetReceiptsAfter = TimeSpan.FromSeconds(-1),
            Watches =
            {
                new BlobWatchOptions { Container = "Bad_Name", ConnectionString = DevelopmentStorage },
                new BlobWatchOptions { Container = "data", PathPattern = "training-data/{*path}", QuietPeriod = TimeSpan.Zero },
            },
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:BlobTrigger:PollInterval ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:BlobTrigger:Watches:0:Container ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:BlobTrigger:Watches:1:ConnectionString is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:BlobTrigger:Watches:1:PathPattern is not valid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EdgeFlows:BlobTrigger:Watches:1:QuietPeriod ", StringComparison.Ordinal));
        Assert.Contains("EdgeFlows:BlobTrigger:ForgetReceiptsAfter must be between 00:00:00 and 365 days.", errors);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Validate_TwoWatchesOfOneContainerWithoutNames_AsksForNames()
    {
        var options = new BlobTriggerOptions
        {
            ConnectionString = DevelopmentStorage,
            Watches = { new BlobWatchOptions { Container = "data" }, new BlobWatchOptions { Container = "data", Prefix = "other/" } },
        };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("EdgeFlows:BlobTrigger:Watches:1:Name 'data' is used by another watch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadConnectionString_NamesTheKeyWithoutEchoingTheSecret()
    {
        var options = new BlobTriggerOptions
        {
            Watches = { new BlobWatchOptions { Container = "data", ConnectionString = "AccountName=acct;AccountKey=not-base64-secret!" } },
        };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("EdgeFlows:BlobTrigger:Watches:0:ConnectionString is not valid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-base64-secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_FailsTheHostNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TriggerTestHost.StartAsync(o => o.Watches.Add(new BlobWatchOptions { Container = "x" }), _ => { }));

        Assert.Contains("EdgeFlows:BlobTrigger:Watches:0:Container", error.Message, StringComparison.Ordinal);
    }
}
