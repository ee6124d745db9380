// Parsers for option values people type: durations (30s, 5m, 2h, 7d, or hh:mm:ss), times
// (ISO 8601, UTC unless an offset is given, or a duration meaning "that long ago"), runtime
// statuses and model stages by name. A bad value is a parse error naming the option (exit 2).
using System.CommandLine.Parsing;
using System.Globalization;
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Commands;

/// <summary>Option value parsers.</summary>
internal static class ValueParsers
{
    /// <summary>A duration: a number with ms, s, m, h or d, or a TimeSpan (<c>00:05:00</c>).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                double.IsFinite(value) && value >= 0 && value * seconds < TimeSpan.MaxValue.TotalSeconds)
            {
                duration = TimeSpan.FromSeconds(value * seconds);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>A parser for duration options between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static Func<ArgumentResult, TimeSpan> Duration(string option, TimeSpan min, TimeSpan max) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!TryParseDuration(text, out var duration))
        {
            result.AddError($"Option '{option}' must be a duration such as 30s, 5m, 2h or 00:05:00, not '{text}'.");
            return default;
        }

        if (duration < min || duration > max)
        {
            result.AddError($"Option '{option}' must be between {Short(min)} and {Short(max)}, not '{text}'.");
        }

        return duration;
    };

    /// <summary>A duration as people write it: 50ms, 30s, 5m, 1h, 365d.</summary>
    public static string Short(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#}ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.#}m"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.#}h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalDays:0.#}d"),
    };

    /// <summary>A parser for time options: ISO 8601 (UTC unless it has an offset), or a duration meaning that long before now.</summary>
    public static Func<ArgumentResult, DateTimeOffset?> Time(string option, TimeProvider time) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        if (TryParseDuration(text, out var ago))
        {
            return time.GetUtcNow() - ago;
        }

        result.AddError($"Option '{option}' must be a time (2026-01-31, 2026-01-31T08:00:00Z) or an age (7d, 12h), not '{text}'.");
        return null;
    };

    /// <summary>A parser for <c>--status</c>: runtime statuses by name, comma-separated and/or repeated.</summary>
    public static Func<ArgumentResult, OrchestrationRuntimeStatus[]?> Statuses(string option, bool terminalOnly = false) => result =>
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || int.TryParse(part, CultureInfo.InvariantCulture, out _))
            {
                result.AddError($"Option '{option}' has an unknown status '{part}'; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                return null;
            }

            if (terminalOnly && !status.IsTerminal())
            {
                result.AddError($"Option '{option}' has {status}; only finished instances (Completed, Failed, Terminated) can be purged.");
                return null;
            }

            statuses.Add(status);
        }

        return statuses.Count == 0 ? null : [.. statuses.Distinct()];
    };

    /// <summary>
    /// The statuses given, or null for none: an array option that is not given reads as an
    /// empty array, which must mean "any status", not "no status".
    /// </summary>
    public static OrchestrationRuntimeStatus[]? NullIfEmpty(OrchestrationRuntimeStatus[]? statuses) => statuses is { Length: > 0 } ? statuses : null;

    /// <summary>A parser for a whole number from 1 up.</summary>
    public static Func<ArgumentResult, int> PositiveInt(string name) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            result.AddError($"{name} must be a whole number from 1 up, not '{text}'.");
        }

        return number;
    };

    /// <summary>A parser for <c>--stage</c>.</summary>
    public static Func<ArgumentResult, ModelStage?> Stage(string option) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Enum.TryParse<ModelStage>(text, ignoreCase: true, out var stage) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return stage;
        }

        result.AddError($"Option '{option}' must be one of {string.Join(", ", Enum.GetNames<ModelStage>())}, not '{text}'.");
        return null;
    };
}
