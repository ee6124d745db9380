using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeFlows.Durable.History;

namespace EdgeFlows.Durable.Serialization;

/// <summary>
/// Turns inputs, outputs and event payloads into JSON text and back, and enforces the
/// payload size limit. Payloads are stored in history and read on every replay, so a
/// large one costs at every turn: pass blob references instead.
/// </summary>
public sealed class DataConverter
{
    /// <summary>Options used for user payloads: web defaults (camelCase), enums as strings.</summary>
    public static readonly JsonSerializerOptions PayloadOptions = CreatePayloadOptions();

    /// <summary>Options used for history events in stores.</summary>
    internal static readonly JsonSerializerOptions HistoryOptions = CreatePayloadOptions();

    private readonly long _maxPayloadBytes;

    /// <summary>Creates a converter with the given payload limit in bytes.</summary>
    public DataConverter(long maxPayloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadBytes, 1024L);
        _maxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The payload limit in bytes.</summary>
    public long MaxPayloadBytes => _maxPayloadBytes;

    /// <summary>Serializes a payload; null stays null.</summary>
    /// <param name="value">The value.</param>
    /// <param name="what">Names the payload in errors, e.g. "input of activity 'Train'".</param>
    /// <exception cref="ArgumentException">The value cannot be serialized to JSON.</exception>
    /// <exception cref="PayloadTooLargeException">The JSON is larger than the limit.</exception>
    public string? Serialize(object? value, string what)
    {
        if (value is null)
        {
            return null;
        }

        string json;
        try
        {
            json = JsonSerializer.Serialize(value, value.GetType(), PayloadOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException(
                $"The {what} ({value.GetType().FullName}) cannot be serialized to JSON: {ex.Message}", nameof(value), ex);
        }

        CheckSize(json, what);
        return json;
    }

    /// <summary>Deserializes a payload; null JSON gives the type's default.</summary>
    /// <exception cref="ArgumentException">The JSON does not fit <typeparamref name="T"/>.</exception>
    public static T? Deserialize<T>(string? json, string what)
    {
        if (json is null)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, PayloadOptions);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The {what} cannot be read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Throws <see cref="PayloadTooLargeException"/> when serialized JSON is over the limit.</summary>
    public void CheckSize(string? json, string what)
    {
        if (json is null)
        {
            return;
        }

        // Count bytes only when the character count could be over the limit.
        if (json.Length * 3L > _maxPayloadBytes)
        {
            var bytes = Encoding.UTF8.GetByteCount(json);
            if (bytes > _maxPayloadBytes)
            {
                throw new PayloadTooLargeException(what, bytes, _maxPayloadBytes);
            }
        }
    }

    /// <summary>Serializes a history event for a store.</summary>
    public static string SerializeEvent(HistoryEvent historyEvent) =>
        JsonSerializer.Serialize(historyEvent, HistoryOptions);

    /// <summary>Deserializes a history event from a store.</summary>
    public static HistoryEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<HistoryEvent>(json, HistoryOptions)
        ?? throw new JsonException("A history event was stored as JSON null.");

    private static JsonSerializerOptions CreatePayloadOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
