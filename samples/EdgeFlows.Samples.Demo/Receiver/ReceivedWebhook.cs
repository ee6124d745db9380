using System.Text.Json;

namespace EdgeFlows.Samples.Demo.Receiver;

/// <summary>A webhook request the receiver got.</summary>
/// <param name="Id">Its <c>webhook-id</c> (the CloudEvent's id).</param>
/// <param name="Type">The CloudEvent's type, e.g. <c>io.edgeflows.retrain.succeeded</c>.</param>
/// <param name="Subject">The CloudEvent's subject.</param>
/// <param name="Data">The CloudEvent's data.</param>
/// <param name="Rejection">Why the signature check failed, or null when it passed.</param>
/// <param name="Copies">How many times this id arrived (a retried delivery arrives again; receivers de-duplicate by id).</param>
public sealed record ReceivedWebhook(string Id, string? Type, string? Subject, JsonElement? Data, string? Rejection, int Copies)
{
    /// <summary>True when the signature and timestamp checked out.</summary>
    public bool Verified => Rejection is null;

    /// <summary>The run the event is about (<c>data.instanceId</c>).</summary>
    public string? InstanceId =>
        Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("instanceId", out var id) ? id.GetString() : null;
}
