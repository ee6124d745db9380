// local.settings.json as Azure Functions writes it: {"IsEncrypted": false, "Values": {...},
// "ConnectionStrings": {...}}. "Values" keys may use ':' or '__' as the section separator
// (App Service app settings must use '__'), so both map to configuration paths.
using System.Text.Json;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Reads a Functions-style local.settings.json into configuration.</summary>
public sealed class LocalSettingsConfigurationSource : FileConfigurationSource
{
    /// <inheritdoc />
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LocalSettingsConfigurationProvider(this);
    }
}

/// <summary>Flattens <c>Values</c> and <c>ConnectionStrings</c> of local.settings.json.</summary>
public sealed class LocalSettingsConfigurationProvider(LocalSettingsConfigurationSource source) : FileConfigurationProvider(source)
{
    /// <inheritdoc />
    public override void Load(Stream stream)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{Source.Path} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{Source.Path} must hold a JSON object with a \"Values\" object.");
            }

            if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw new FormatException($"{Source.Path} is encrypted (IsEncrypted: true); decrypt it with 'func settings decrypt' first.");
            }

            AddSection(root, "Values", prefix: null, data);
            AddSection(root, "ConnectionStrings", prefix: "ConnectionStrings:", data);
        }

        Data = data;
    }

    private void AddSection(JsonElement root, string name, string? prefix, Dictionary<string, string?> data)
    {
        if (!root.TryGetProperty(name, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{Source.Path}: \"{name}\" must be an object of settings.");
        }

        foreach (var setting in section.EnumerateObject())
        {
            var key = prefix + setting.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            data[key] = setting.Value.ValueKind switch
            {
                JsonValueKind.String => setting.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => setting.Value.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw new FormatException($"{Source.Path}: \"{name}:{setting.Name}\" must be a string, number or boolean (settings are flat; use ':' or '__' in the name for sections)."),
            };
        }
    }
}
