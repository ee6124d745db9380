// Writes the new image's config and manifest. The config is the base's (every field kept,
// also ones this code does not know) with the model layer's diff_id appended, a history
// entry, and the request's entrypoint, command, environment, working directory and labels
// merged in. Output is compact JSON with labels sorted, so the same request gives the same
// bytes and digests.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFlows.Activities.Images;

internal static class ImageDocuments
{
    public static byte[] Config(BaseImage? baseImage, ModelImageRequest request, string diffId, ModelImageBuilderOptions options)
    {
        var config = baseImage?.Config.DeepClone().AsObject() ?? new JsonObject
        {
            ["architecture"] = options.Platform.Architecture,
            ["os"] = options.Platform.OS,
        };
        if (baseImage is null && options.Platform.Variant is { } variant)
        {
            config["variant"] = variant;
        }

        var created = request.Created?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (created is not null)
        {
            config["created"] = created;
        }

        var runtime = config["config"] as JsonObject ?? new JsonObject();
        config["config"] = runtime;
        if (request.Entrypoint is not null)
        {
            runtime["Entrypoint"] = Strings(request.Entrypoint);
            if (request.Cmd is null)
            {
                runtime.Remove("Cmd");
            }
        }

        if (request.Cmd is not null)
        {
            runtime["Cmd"] = Strings(request.Cmd);
        }

        if (request.WorkingDirectory is not null)
        {
            runtime["WorkingDir"] = request.WorkingDirectory;
        }

        if (request.Environment is { Count: > 0 })
        {
            runtime["Env"] = MergeEnvironment(runtime["Env"] as JsonArray, request.Environment);
        }

        if (request.Labels is { Count: > 0 } || runtime["Labels"] is JsonObject)
        {
            runtime["Labels"] = MergeLabels(runtime["Labels"] as JsonObject, request.Labels);
        }

        var rootfs = config["rootfs"] as JsonObject ?? new JsonObject { ["type"] = "layers" };
        config["rootfs"] = rootfs;
        var diffIds = rootfs["diff_ids"] as JsonArray ?? [];
        rootfs["diff_ids"] = diffIds;
        diffIds.Add(diffId);

        var history = config["history"] as JsonArray ?? [];
        config["history"] = history;
        var entry = new JsonObject();
        if (created is not null)
        {
            entry["created"] = created;
        }

        entry["created_by"] = options.HistoryCreatedBy;
        // Nothing about the target (repository, tag) goes in: the same image pushed elsewhere keeps its digest.
        entry["comment"] = $"{request.Files.Count} model file(s)";
        history.Add(entry);

        return JsonSerializer.SerializeToUtf8Bytes(config);
    }

    public static byte[] Manifest(OciDescriptor config, IEnumerable<OciDescriptor> layers, BaseImage? baseImage)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = Descriptor(config),
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)Descriptor(l)).ToArray()),
        };
        if (baseImage is not null)
        {
            // The OCI annotations for "built on": lets tools find images to rebuild when the base changes.
            manifest["annotations"] = new JsonObject
            {
                ["org.opencontainers.image.base.digest"] = baseImage.ManifestDigest,
                ["org.opencontainers.image.base.name"] = baseImage.Reference.ToString(),
            };
        }

        return JsonSerializer.SerializeToUtf8Bytes(manifest);
    }

    private static JsonObject Descriptor(OciDescriptor descriptor) => new()
    {
        ["mediaType"] = descriptor.MediaType,
        ["digest"] = descriptor.Digest,
        ["size"] = descriptor.Size,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonArray MergeEnvironment(JsonArray? baseEnvironment, IReadOnlyDictionary<string, string> environment)
    {
        var merged = new List<string>();
        foreach (var item in baseEnvironment?.Select(n => n?.GetValueKind() == JsonValueKind.String ? (string?)n : null).OfType<string>() ?? [])
        {
            var name = item.Split('=', 2)[0];
            if (!environment.ContainsKey(name))
            {
                merged.Add(item);
            }
        }

        merged.AddRange(environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        return Strings(merged);
    }

    private static JsonObject MergeLabels(JsonObject? baseLabels, IReadOnlyDictionary<string, string>? labels)
    {
        var merged = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in baseLabels ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return new JsonObject(merged);
    }
}
