using System.Text.Json;
using EdgeFlows.Activities.Webhooks;

namespace EdgeFlows.Activities.Tests.Webhooks;

public sealed class CloudEventTests
{
    [Fact]
    public void ToJsonBytes_Event_IsCloudEvents10StructuredJson()
    {
        var cloudEvent = CloudEvent.Create("evt_1", "/edgeflows/retrain/churn", "io.edgeflows.model.promoted", new { Model = "churn", Version = 7 }, new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.Zero), "models/churn/versions/7");

        using var json = JsonDocument.Parse(cloudEvent.ToJsonBytes());
        var root = json.RootElement;

        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("evt_1", root.GetProperty("id").GetString());
        Assert.Equal("/edgeflows/retrain/churn", root.GetProperty("source").GetString());
        Assert.Equal("io.edgeflows.model.promoted", root.GetProperty("type").GetString());
        Assert.Equal("models/churn/versions/7", root.GetProperty("subject").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.Zero), root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.Equal(7, root.GetProperty("data").GetProperty("version").GetInt32());
    }

    [Fact]
    public void ToJsonBytes_NoSubject_LeavesTheAttributeOut()
    {
        var cloudEvent = new CloudEvent { Id = "evt_1", Source = "/edgeflows", Type = "io.edgeflows.test" };

        using var json = JsonDocument.Parse(cloudEvent.ToJsonBytes());

        Assert.False(json.RootElement.TryGetProperty("subject", out _));
    }

    [Fact]
    public void StableId_SameParts_SameIdWithoutDots()
    {
        var id = CloudEvent.StableId("retrain-churn-1", "io.edgeflows.model.promoted");

        Assert.Equal(id, CloudEvent.StableId("retrain-churn-1", "io.edgeflows.model.promoted"));
        Assert.DoesNotContain('.', id);
        Assert.Matches("^evt_[0-9a-f]{32}$", id);
    }

    [Fact]
    public void StableId_PartsSplitDifferently_DifferentIds()
    {
        Assert.NotEqual(CloudEvent.StableId("ab", "c"), CloudEvent.StableId("a", "bc"));
    }

    [Fact]
    public void Validate_IdWithADot_ThrowsNamingIt()
    {
        var cloudEvent = new CloudEvent { Id = "retrain.1", Source = "/edgeflows", Type = "io.edgeflows.test" };

        var error = Assert.Throws<ArgumentException>(cloudEvent.Validate);

        Assert.Contains("'retrain.1'", error.Message, StringComparison.Ordinal);
    }
}
