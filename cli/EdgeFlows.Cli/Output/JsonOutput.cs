// --json writes exactly one JSON document to standard output (and, on failure, one error
// document to standard error), so `edgeflows … --json | jq` always gets valid input.
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EdgeFlows.Cli.Output;

/// <summary>Writes the JSON documents of <c>--json</c>.</summary>
public static class JsonOutput
{
    /// <summary>camelCase, enums by name, indented, nulls kept (a script can rely on every field being there).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes one document and a newline.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, Options));
        writer.Flush();
    }

    /// <summary>The error document: <c>{"error": {"exitCode": 3, "kind": "not-found", "message": "…"}}</c>.</summary>
    public static void WriteError(TextWriter writer, int exitCode, string message)
    {
        var error = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["exitCode"] = exitCode,
                ["kind"] = CliException.KindOf(exitCode),
                ["message"] = message,
            },
        };
        Write(writer, error);
    }
}
