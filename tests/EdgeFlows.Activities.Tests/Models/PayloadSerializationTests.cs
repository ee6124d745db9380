// Registry results and webhook outcomes are activity outputs, so they go through the durable
// runtime's payload JSON into history and must come back equal.
using System.Text.Json;
using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Durable.Serialization;

namespace EdgeFlows.Activities.Tests.Models;

public sealed class PayloadSerializationTests
{
    [Fact]
    public void ModelVersion_ThroughPayloadJson_RoundTrips()
    {
        var version = new ModelVersion
        {
            Name = "churn",
            Version = 3,
            RunId = "run-3",
            Stage = ModelStage.Promoted,
            StageReason = "Promoted: accuracy 0.97 vs 0.95",
            Tags = new Dictionary<string, string> { ["team"] = "risk" },
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.97 },
            ArtifactUri = "file:///models/churn/3",
            ImageDigest = "sha256:" + new string('c', 64),
            Lineage = new ModelLineage { Dataset = "churn", Blobs = 2 },
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
        };

        var json = JsonSerializer.Serialize(version, DataConverter.PayloadOptions);
        var back = JsonSerializer.Deserialize<ModelVersion>(json, DataConverter.PayloadOptions)!;

        Assert.Contains("\"stage\":\"Promoted\"", json, StringComparison.Ordinal);
        Assert.Equal(version.Tags, back.Tags);
        Assert.Equal(version.Metrics, back.Metrics);
        Assert.Equal(version with { Tags = back.Tags, Metrics = back.Metrics }, back);
    }

    [Fact]
    public void GateDecision_ThroughPayloadJson_RoundTrips()
    {
        var decision = new GateDecision(false, "Not promoted: accuracy 0.9 vs 0.95", 4);

        var back = JsonSerializer.Deserialize<GateDecision>(JsonSerializer.Serialize(decision, DataConverter.PayloadOptions), DataConverter.PayloadOptions);

        Assert.Equal(decision, back);
    }

    [Fact]
    public void WebhookDelivery_ThroughPayloadJson_RoundTrips()
    {
        var delivery = new WebhookDelivery { Endpoint = "ops", EventId = "evt_1", Delivered = false, StatusCode = 503, Attempts = 5, Error = "HTTP 503" };

        var back = JsonSerializer.Deserialize<WebhookDelivery>(JsonSerializer.Serialize(delivery, DataConverter.PayloadOptions), DataConverter.PayloadOptions);

        Assert.Equal(delivery, back);
    }

    [Fact]
    public void WebhookEndpoint_SerializedByMistake_LeavesTheSecretOut()
    {
        var secret = StandardWebhookSignature.GenerateSecret();
        var endpoint = new WebhookEndpoint { Name = "ops", Url = new Uri("https://hooks.example/x"), Secret = secret };

        var json = JsonSerializer.Serialize(endpoint, DataConverter.PayloadOptions);

        Assert.Contains("\"name\":\"ops\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], json, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], endpoint.ToString(), StringComparison.Ordinal);
    }
}
