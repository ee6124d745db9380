// How a model version maps to a row of ext_models_versions and back, in either registry
// (SQLite or PostgreSQL: the same columns, JSON text and .NET ticks).
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Models;

internal static class ModelVersionRows
{
    public const string Columns =
        "v.name, v.version, v.run_id, v.stage, v.stage_reason, v.artifact_uri, v.image_reference, v.image_digest, v.metrics, v.tags, v.lineage, v.created_at, v.updated_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static ModelVersion Read(DbDataReader reader)
    {
        var name = reader.GetString(0);
        var version = reader.GetInt32(1);
        try
        {
            return new ModelVersion
            {
                Name = name,
                Version = version,
                RunId = reader.GetString(2),
                Stage = Enum.Parse<ModelStage>(reader.GetString(3)),
                StageReason = reader.IsDBNull(4) ? null : reader.GetString(4),
                ArtifactUri = reader.GetString(5),
                ImageReference = reader.IsDBNull(6) ? null : reader.GetString(6),
                ImageDigest = reader.IsDBNull(7) ? null : reader.GetString(7),
                Metrics = Deserialize<Dictionary<string, double>>(reader.GetString(8)),
                Tags = Deserialize<Dictionary<string, string>>(reader.GetString(9)),
                Lineage = Deserialize<ModelLineage>(reader.GetString(10)),
                CreatedAt = new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
                UpdatedAt = new DateTimeOffset(reader.GetInt64(12), TimeSpan.Zero),
            };
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new ModelRegistryException($"Model '{name}' version {version} in the registry is unreadable: {ex.Message}", ex);
        }
    }

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException($"'{json}' is null where a {typeof(T).Name} was expected.");
}
