// A watch whose settings the binder cannot read is an error naming its key; the configuration
// binder on its own drops such a list item without a word.
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class BlobTriggerOptionsBindingTests
{
    [Fact]
    public void AddBlobTrigger_WatchWithUnreadableValue_FailsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EdgeFlows:BlobTrigger:ConnectionString"] = "UseDevelopmentStorage=true",
            ["EdgeFlows:BlobTrigger:Watches:0:Container"] = "data",
            ["EdgeFlows:BlobTrigger:Watches:0:Readiness"] = "Sometimes",
            ["EdgeFlows:BlobTrigger:Watches:1:Container"] = "more",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDurableRuntime(r => r.AddBlobTrigger(configuration));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BlobTriggerOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("EdgeFlows:BlobTrigger:Watches:0 cannot be read:", StringComparison.Ordinal) &&
            f.Contains("'EdgeFlows:BlobTrigger:Watches:0:Readiness'", StringComparison.Ordinal));
    }

    [Fact]
    public void AddBlobTrigger_GoodWatches_AreBoundOnceEach()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EdgeFlows:BlobTrigger:ConnectionString"] = "UseDevelopmentStorage=true",
            ["EdgeFlows:BlobTrigger:Watches:0:Container"] = "data",
            ["EdgeFlows:BlobTrigger:Watches:1:Container"] = "more",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDurableRuntime(r => r.AddBlobTrigger(configuration));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BlobTriggerOptions>>().Value;

        Assert.Equal(["data", "more"], options.Watches.Select(w => w.Container));
    }
}
