// A CloudEvents 1.0 event in the JSON event format, structured content mode: the whole event
// is the HTTP body, with content type application/cloudevents+json.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Webhooks;

/// <summary>A CloudEvents 1.0 event (JSON format, structured mode).</summary>
public sealed record CloudEvent
{
    /// <summary>The media type of a structured-mode JSON CloudEvent.</summary>
    public const string MediaType = "application/cloudevents+json";

    private static readonly JsonSerializerOptions WireOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The CloudEvents version, always <c>1.0</c>.</summary>
    [JsonPropertyName("specversion")]
    public string SpecVersion { get; init; } = "1.0";

    /// <summary>
    /// Unique per event from its source, and stable: the same event sent again (after a crash,
    /// say) must carry the same id, because receivers de-duplicate on it. It is the
    /// <c>webhook-id</c> header too, so it may not contain '.'. <see cref="StableId"/> derives one.
    /// </summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The context the event happened in, a URI-reference (e.g. <c>/edgeflows/retrain/churn</c>).</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>The kind of event, reverse-DNS style (e.g. <c>io.edgeflows.model.promoted</c>).</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>What the event is about within the source (e.g. <c>models/churn/versions/7</c>).</summary>
    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    /// <summary>When it happened.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    /// <summary>The media type of <see cref="Data"/> (default <c>application/json</c>).</summary>
    [JsonPropertyName("datacontenttype")]
    public string? DataContentType { get; init; } = "application/json";

    /// <summary>The event's payload.</summary>
    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }

    /// <summary>An event whose data is <paramref name="data"/> serialized as JSON (camelCase, enums as strings).</summary>
    public static CloudEvent Create<T>(string id, string source, string type, T data, DateTimeOffset time, string? subject = null) => new()
    {
        Id = id,
        Source = source,
        Type = type,
        Subject = subject,
        Time = time,
        Data = JsonSerializer.SerializeToElement(data, DataOptions),
    };

    /// <summary>
    /// A stable event id from the parts that identify the event (e.g. instance id and event
    /// type): <c>evt_</c> and 32 hex digits of their SHA-256. The same parts give the same id
    /// on every host and after every restart.
    /// </summary>
    public static string StableId(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var joined = new StringBuilder();
        foreach (var part in parts)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(parts));
            joined.Append(part.Length).Append(':').Append(part).Append(';');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(joined.ToString()));
        return "evt_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Checks the required attributes; throws naming what is wrong.</summary>
    /// <exception cref="ArgumentException">A missing id, source or type, an id with '.', or a spec version other than 1.0.</exception>
    public void Validate()
    {
        if (SpecVersion != "1.0")
        {
            throw new ArgumentException($"CloudEvent specversion must be '1.0', not '{SpecVersion}'.");
        }

        if (string.IsNullOrWhiteSpace(Id) || Id.Contains('.', StringComparison.Ordinal) || Id.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"CloudEvent id '{Id}' must be non-empty, without '.' or white space (it is the webhook-id); CloudEvent.StableId makes one.");
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new ArgumentException($"CloudEvent '{Id}' has no source.");
        }

        if (string.IsNullOrWhiteSpace(Type))
        {
            throw new ArgumentException($"CloudEvent '{Id}' has no type.");
        }
    }

    /// <summary>The event as the UTF-8 JSON body sent (absent attributes left out).</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, WireOptions);
}
