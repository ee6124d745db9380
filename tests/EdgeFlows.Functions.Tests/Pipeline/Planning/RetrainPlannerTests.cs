using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;

namespace EdgeFlows.Functions.Tests.Pipeline.Planning;

public sealed class RetrainPlannerTests
{
    private static readonly SnapshotBlobListing[] Listing =
    [
        new("training-data/iris/_SUCCESS", "0x0", 0),
        new("training-data/iris/b.csv", "0x2", 20),
        new("training-data/iris/a.csv", "0x1", 10),
        new("training-data/iris/sub/c.csv", "0x3", 30),
        new("training-data/iris/.hidden.crc", "0x4", 4),
        new("training-data/iris/empty-folder", "0x5", 0),
    ];

    [Fact]
    public void Plan_LatestData_TakesEveryNonEmptyVisibleBlobSortedByName()
    {
        var plan = Planner().Plan(Request(), "job-1", Listing);

        Assert.Equal(["a.csv", "b.csv", "sub/c.csv"], plan.Inputs.Select(i => i.Name));
        Assert.Equal(("training-data/iris/a.csv", "0x1", 10L), (plan.Inputs[0].Blob, plan.Inputs[0].ETag, plan.Inputs[0].Length));
    }

    [Fact]
    public void Plan_ResolvesDatasetRecipeModelTargetsAndOutputs()
    {
        var plan = Planner().Plan(Request(), "job-1", Listing);

        Assert.Equal(("iris-model", "fast", "data", "training-data/iris/", "models/iris/job-1/"), (plan.ModelName, plan.Recipe.Name, plan.Container, plan.Prefix, plan.OutputPrefix));
        Assert.Equal(["local", "vm1"], plan.Targets);
        Assert.Equal(TimeSpan.FromMinutes(3), plan.Recipe.MaxDuration);
        Assert.Matches("^sha256:[0-9a-f]{16}$", plan.Recipe.CodeVersion);
        Assert.Equal(["ops"], plan.Webhooks.Select(w => w.Name));
    }

    [Fact]
    public void Plan_FingerprintFollowsTheData()
    {
        var planner = Planner();
        var first = planner.Plan(Request(), "job-1", Listing).DataFingerprint;
        var changed = Listing.Select(b => b.Name.EndsWith("b.csv", StringComparison.Ordinal) ? b with { ETag = "0x9" } : b).ToList();

        Assert.Equal(first, planner.Plan(Request(), "job-2", Listing).DataFingerprint);
        Assert.NotEqual(first, planner.Plan(Request(), "job-1", changed).DataFingerprint);
    }

    [Fact]
    public void Plan_PinnedSnapshot_TakesExactlyThoseBlobs()
    {
        var request = Request() with { Snapshot = [new SnapshotBlob("training-data/iris/b.csv", "\"0x2\"")] };

        var plan = Planner().Plan(request, "job-1", Listing);

        Assert.Equal(["b.csv"], plan.Inputs.Select(i => i.Name));
    }

    [Theory]
    [InlineData("training-data/iris/b.csv", "0x7", "The snapshot blob 'training-data/iris/b.csv' changed since the snapshot (ETag 0x7, now 0x2).")]
    [InlineData("training-data/iris/gone.csv", "0x1", "The snapshot blob 'training-data/iris/gone.csv' no longer exists.")]
    [InlineData("elsewhere/x.csv", "0x1", "The snapshot blob 'elsewhere/x.csv' is not under the dataset's prefix 'training-data/iris/'.")]
    public void Plan_PinnedSnapshotNotAsListed_IsRefused(string blob, string etag, string message)
    {
        var request = Request() with { Snapshot = [new SnapshotBlob(blob, etag)] };

        var refused = Assert.Throws<RetrainStepRefusedException>(() => Planner().Plan(request, "job-1", Listing));

        Assert.Equal(message, refused.Message);
    }

    [Theory]
    [InlineData("Recipe", "gpu", "The recipe 'gpu' is not configured (EdgeFlows:Recipes).")]
    [InlineData("Target", "vm9", "The target 'vm9' is not configured, enabled and allowed for dataset 'iris' (these are: local, vm1).")]
    [InlineData("Trigger", "cron", "The trigger 'cron' is not one of blob, http, schedule.")]
    [InlineData("Dataset", "../x", "The dataset name '../x' is not 1 to 64 of A-Z a-z 0-9 . _ -.")]
    public void Plan_BadRequest_IsRefusedNamingWhat(string field, string value, string message)
    {
        var request = field switch
        {
            "Recipe" => Request() with { Recipe = value },
            "Target" => Request() with { Target = value },
            "Trigger" => Request() with { Trigger = value },
            _ => Request() with { Dataset = value },
        };

        var refused = Assert.Throws<RetrainStepRefusedException>(() => Planner().Plan(request, "job-1", Listing));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Plan_NoData_IsRefused()
    {
        var refused = Assert.Throws<RetrainStepRefusedException>(() => Planner().Plan(Request(), "job-1", [Listing[0]]));

        Assert.Equal("Dataset 'iris' has no data under 'training-data/iris/'.", refused.Message);
    }

    [Fact]
    public void Plan_UnconfiguredDataset_UsesTheDefaultsAndTheRequestsContainer()
    {
        var request = new RetrainRequest { Dataset = "Sales_2024", Container = "landing" };

        var plan = Planner().Plan(request, "job-1", [new SnapshotBlobListing("training-data/Sales_2024/x.csv", "0x1", 5)]);

        Assert.Equal(("sales_2024", "default", "landing", "training-data/Sales_2024/"), (plan.ModelName, plan.Recipe.Name, plan.Container, plan.Prefix));
        Assert.Equal(["local", "vm1"], plan.Targets);
    }

    [Fact]
    public void Plan_DisabledTarget_IsNoCandidate()
    {
        var planner = Planner(o => o.Targets["vm1"].Enabled = false);

        Assert.Equal(["local"], planner.Plan(Request(), "job-1", Listing).Targets);
        Assert.Throws<RetrainStepRefusedException>(() => planner.Plan(Request() with { Target = "vm1" }, "job-1", Listing));
    }

    [Fact]
    public void Locate_UnconfiguredDatasetWithoutContainer_IsRefused()
    {
        var refused = Assert.Throws<RetrainStepRefusedException>(() => Planner().Locate(new RetrainRequest { Dataset = "other" }));

        Assert.Contains("EdgeFlows:Datasets:other:Container", refused.Message, StringComparison.Ordinal);
    }

    private static RetrainRequest Request() => new() { Dataset = "iris", Container = "ignored-configured-wins" };

    private static RetrainPlanner Planner(Action<RetrainPipelineOptions>? change = null)
    {
        var options = new RetrainPipelineOptions();
        options.Targets["vm1"] = new TrainingTargetOptions { Kind = "local", WorkRoot = "/tmp/vm1" };
        options.Targets["local"] = new TrainingTargetOptions { Kind = "local", WorkRoot = "/tmp/local" };
        options.Recipes["default"] = new RecipeOptions { Command = ["python3", "{code}/train.py"] };
        options.Recipes["fast"] = new RecipeOptions { Command = ["python3", "-c", "print(1)"], MaxDuration = TimeSpan.FromMinutes(3) };
        options.Datasets["iris"] = new DatasetOptions { Recipe = "fast", ModelName = "iris-model", Container = "data" };
        options.Webhooks.Endpoints["ops"] = new WebhookOptions { Url = new Uri("http://127.0.0.1:9/"), Secret = "secret-value" };
        change?.Invoke(options);
        return new RetrainPlanner(options);
    }
}
