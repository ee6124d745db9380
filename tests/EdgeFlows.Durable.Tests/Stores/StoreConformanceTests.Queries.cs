// Conformance: reading instances for clients — one instance, and filtered, paged queries.
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task GetInstanceAsync_WithPayloads_ReturnsInputOutputAndCustomStatus()
    {
        await CreateAsync("full", input: "\"in\"");
        var item = await LockAsync("full");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item) with { CustomStatus = "\"custom\"", CustomStatusChanged = true });

        var instance = await Store.GetInstanceAsync("full", includePayloads: true);

        Assert.Equal(("\"in\"", "\"done\"", "\"custom\""), (instance!.Input, instance.Output, instance.CustomStatus));
    }

    [Fact]
    public async Task GetInstanceAsync_WithoutPayloads_LeavesThemOutButKeepsTheRest()
    {
        await CreateAsync("lean", input: "\"in\"");
        var item = await LockAsync("lean");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item) with { CustomStatus = "\"custom\"", CustomStatusChanged = true });

        var instance = await Store.GetInstanceAsync("lean", includePayloads: false);

        Assert.Equal((null, null, null), (instance!.Input, instance.Output, instance.CustomStatus));
        Assert.Equal(("lean", OrchestratorName, OrchestrationRuntimeStatus.Completed), (instance.InstanceId, instance.Name, instance.Status));
        Assert.Equal(Now, instance.CompletedAt);
    }

    [Fact]
    public async Task GetInstanceAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Store.GetInstanceAsync("nobody"));
    }

    [Fact]
    public async Task QueryInstancesAsync_StatusFilter_ReturnsOnlyThoseStatuses()
    {
        await FinishAsync("done");
        await FinishAsync("failed", OrchestrationRuntimeStatus.Failed);
        await StartRunningAsync("running");
        await CreateAsync("pending");

        var page = await Store.QueryInstancesAsync(new InstanceQuery([OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Pending]));

        Assert.Equal(["failed", "pending"], page.Items.Select(i => i.InstanceId).Order());
    }

    [Fact]
    public async Task QueryInstancesAsync_NameFilter_ReturnsOnlyThatOrchestrator()
    {
        await CreateAsync("greeter-1");
        await Store.CreateInstanceAsync(new NewOrchestration(Started("other-1", Now) with { Name = "Other" }), OrchestrationIdReusePolicy.Error);

        var page = await Store.QueryInstancesAsync(new InstanceQuery(Name: "Other"));

        Assert.Equal("other-1", Assert.Single(page.Items).InstanceId);
    }

    [Fact]
    public async Task QueryInstancesAsync_IdPrefix_ReturnsOnlyIdsStartingWithIt()
    {
        foreach (var id in new[] { "retrain-1", "retrain-2", "xretrain-3", "train-4" })
        {
            await CreateAsync(id);
        }

        var page = await Store.QueryInstancesAsync(new InstanceQuery(InstanceIdPrefix: "retrain-"));

        Assert.Equal(["retrain-1", "retrain-2"], page.Items.Select(i => i.InstanceId).Order());
    }

    [Theory]
    [InlineData("a%b", "a%b-1")]
    [InlineData("a_", "a_c-1")]
    [InlineData("a\\", "a\\d-1")]
    public async Task QueryInstancesAsync_IdPrefixWithLikeWildcards_MatchesThemLiterally(string prefix, string expected)
    {
        foreach (var id in new[] { "a%b-1", "axb-1", "a_c-1", "abc-1", "a\\d-1", "aXd-1" })
        {
            await CreateAsync(id);
        }

        var page = await Store.QueryInstancesAsync(new InstanceQuery(InstanceIdPrefix: prefix));

        Assert.Equal(expected, Assert.Single(page.Items).InstanceId);
    }

    [Fact]
    public async Task QueryInstancesAsync_CreatedRange_IncludesFromAndExcludesTo()
    {
        var from = Now.AddMinutes(1);
        var to = Now.AddMinutes(3);
        foreach (var id in new[] { "t0", "t1", "t2", "t3" })
        {
            await CreateAsync(id);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var page = await Store.QueryInstancesAsync(new InstanceQuery(CreatedFrom: from, CreatedTo: to));

        Assert.Equal(["t2", "t1"], page.Items.Select(i => i.InstanceId));
    }

    [Fact]
    public async Task QueryInstancesAsync_IncludePayloads_ReturnsInputsOnlyWhenAsked()
    {
        await CreateAsync("payload", input: "\"in\"");

        var lean = await Store.QueryInstancesAsync(new InstanceQuery());
        var full = await Store.QueryInstancesAsync(new InstanceQuery(IncludePayloads: true));

        Assert.Null(Assert.Single(lean.Items).Input);
        Assert.Equal("\"in\"", Assert.Single(full.Items).Input);
    }

    [Fact]
    public async Task QueryInstancesAsync_Paging_NewestFirstWithoutDuplicatesOrGaps()
    {
        var expected = new List<string>();
        for (var minute = 0; minute < 3; minute++)
        {
            // Many instances share a created time, so the pages must be cut between equal times.
            for (var i = 0; i < 7; i++)
            {
                var id = $"page-{minute}-{i}";
                await CreateAsync(id);
                expected.Add(id);
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var seen = new List<(string InstanceId, DateTime CreatedAt)>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryInstancesAsync(new InstanceQuery(PageSize: 4, ContinuationToken: token));
            Assert.InRange(page.Items.Count, 1, 4);
            seen.AddRange(page.Items.Select(i => (i.InstanceId, i.CreatedAt)));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.Equal(expected.Order(), seen.Select(s => s.InstanceId).Order());
        Assert.Equal(seen.OrderByDescending(s => s.CreatedAt).Select(s => s.CreatedAt), seen.Select(s => s.CreatedAt));
        Assert.Equal(6, pages);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("bm8gc2VwYXJhdG9y")]
    [InlineData("YWJjfGlk")]
    public async Task QueryInstancesAsync_ContinuationTokenNotIssuedByTheStore_ThrowsArgumentException(string token)
    {
        await CreateAsync("any");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.QueryInstancesAsync(new InstanceQuery(ContinuationToken: token)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task QueryInstancesAsync_PageSizeOutOfBounds_ThrowsArgumentException(int pageSize)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.QueryInstancesAsync(new InstanceQuery(PageSize: pageSize)));
    }

    [Fact]
    public async Task QueryInstancesAsync_PageSizeAtBounds_Accepted()
    {
        await CreateAsync("one");
        await CreateAsync("two");

        var smallest = await Store.QueryInstancesAsync(new InstanceQuery(PageSize: 1));
        var largest = await Store.QueryInstancesAsync(new InstanceQuery(PageSize: 1000));

        Assert.Single(smallest.Items);
        Assert.NotNull(smallest.ContinuationToken);
        Assert.Equal(2, largest.Items.Count);
        Assert.Null(largest.ContinuationToken);
    }
}
