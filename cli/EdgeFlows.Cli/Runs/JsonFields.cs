// Payloads (inputs, custom statuses, outputs) are read as JSON rather than as the app's types:
// the CLI does not reference the app, and it must show runs of any orchestrator, and runs
// written by an older or newer app, without failing on a field it does not know.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFlows.Cli.Runs;

/// <summary>Tolerant reads of fields in JSON payloads (any casing, missing or mistyped fields read as null).</summary>
public static class JsonFields
{
    /// <summary>The property of an object, matched without regard to case; null when absent.</summary>
    public static JsonNode? Get(JsonNode? node, string name)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A string field (numbers and booleans as their JSON text); null otherwise.</summary>
    public static string? GetString(JsonNode? node, string name) => Get(node, name) is JsonValue value ? AsString(value) : null;

    /// <summary>A boolean field; null when absent or not a boolean.</summary>
    public static bool? GetBool(JsonNode? node, string name) =>
        Get(node, name) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>A number field; null when absent or not a number.</summary>
    public static double? GetNumber(JsonNode? node, string name) =>
        Get(node, name) is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    /// <summary>The string items of an array field; empty when absent.</summary>
    public static IReadOnlyList<string> GetStrings(JsonNode? node, string name) =>
        Get(node, name) is JsonArray array ? [.. array.OfType<JsonValue>().Select(AsString).OfType<string>()] : [];

    /// <summary>A JSON value as text: strings as they are, numbers and booleans as JSON.</summary>
    public static string? AsString(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.GetValue<double>().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>Parses a stored payload; text that is not JSON is kept as a JSON string.</summary>
    public static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
