// Request bodies read by hand rather than by minimal-API binding, so every malformed body
// gets a 400 that says what is wrong (bad JSON, a field of the wrong type, an unknown field)
// instead of a bare 400, and an empty body can mean "no input".
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFlows.Functions.Http;

/// <summary>Reads JSON request bodies with clear errors.</summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The body as JSON, or null when it is empty.</summary>
    /// <exception cref="ApiException">400: the body is not JSON.</exception>
    public static async Task<JsonElement?> ReadOptionalAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>The body as <typeparamref name="T"/> (camelCase fields, unknown fields refused), or null when it is empty.</summary>
    /// <exception cref="ApiException">400 naming the bad field.</exception>
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var text = await ReadTextAsync(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            // Syntax first, so a truncated body is reported as such, not as a bad field.
            using (JsonDocument.Parse(text))
            {
            }
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, StrictOptions);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest(Describe<T>(ex));
        }
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static string Describe<T>(JsonException ex)
    {
        var field = ex.Path is null or "$" ? null : ex.Path.TrimStart('$', '.');
        if (field is null)
        {
            return typeof(T).IsClass && ex.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "The request body must be a JSON object."
                : $"The request body is not valid JSON: {ex.Message}";
        }

        var property = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), field, StringComparison.Ordinal));
        if (property is null)
        {
            var known = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            return $"The field '{field}' is not known; the body may have: {string.Join(", ", known)}.";
        }

        return $"The field '{field}' must be {Describe(property.PropertyType)}.";
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(bool) ? "true or false"
            : type == typeof(int) || type == typeof(long) || type == typeof(double) ? "a number"
            : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "an ISO 8601 date and time"
            : $"a JSON value of type {type.Name}";
    }
}
