// Query-string parsing with a 400 naming the parameter and the value expected.
using System.Globalization;
using EdgeFlows.Durable;

namespace EdgeFlows.Functions.Http;

/// <summary>Reads typed query parameters; a bad value is a 400 that says what was expected.</summary>
internal static class QueryParameters
{
    /// <summary>
    /// The status names Durable Functions' API takes. <c>Canceled</c> exists there but is never
    /// used; it is accepted and matches nothing.
    /// </summary>
    public const string Canceled = "Canceled";

    public static bool GetBool(IQueryCollection query, string name, bool fallback)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return fallback;
        }

        return bool.TryParse(text, out var value) ? value : throw ApiException.BadRequest($"The query parameter '{name}' must be true or false (got '{Clip(text)}').");
    }

    public static int? GetInt(IQueryCollection query, string name, int min, int max)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiException.BadRequest($"The query parameter '{name}' must be a whole number from {min} to {max} (got '{Clip(text)}').");
    }

    public static TimeSpan? GetSeconds(IQueryCollection query, string name, double max)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max
            ? TimeSpan.FromSeconds(value)
            : throw ApiException.BadRequest($"The query parameter '{name}' must be a number of seconds above 0 and at most {max} (got '{Clip(text)}').");
    }

    /// <summary>An ISO 8601 time, as UTC; a time without an offset is taken as UTC.</summary>
    public static DateTime? GetTime(IQueryCollection query, string name)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value.UtcDateTime
            : throw ApiException.BadRequest($"The query parameter '{name}' must be an ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z (got '{Clip(text)}').");
    }

    /// <summary>
    /// Runtime statuses, comma-separated and/or repeated, case-insensitive. Null when absent;
    /// empty when only <see cref="Canceled"/> was asked for (nothing can match).
    /// </summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus>? GetStatuses(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        var statuses = new HashSet<OrchestrationRuntimeStatus>();
        foreach (var part in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (string.Equals(part, Canceled, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(part, out _))
            {
                throw ApiException.BadRequest(
                    $"The query parameter '{name}' has '{Clip(part)}', which is not a runtime status; use any of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
            }

            statuses.Add(status);
        }

        return statuses;
    }

    public static string? GetString(IQueryCollection query, string name, int maxLength)
    {
        var text = Single(query, name);
        if (text is not null && (text.Length > maxLength || text.Any(char.IsControl)))
        {
            throw ApiException.BadRequest($"The query parameter '{name}' must be at most {maxLength} characters without control characters.");
        }

        return text;
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw ApiException.BadRequest($"The query parameter '{name}' is given {values.Count} times; give it once.");
        }

        return values[0];
    }

    // Echoes at most a short prefix of a bad value, so an error never reflects a long input.
    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
