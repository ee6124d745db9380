// What the client tells its pipeline policies about a request: the token scopes it needs
// (repository:NAME:pull[,push]) and the meter that counts the body bytes it sends.
using Azure.Core;

namespace EdgeFlows.Activities.Images;

internal static class RegistryMessageProperties
{
    public static void SetScopes(HttpMessage message, params string[] scopes) => message.SetProperty(typeof(ScopesKey), scopes);

    public static IReadOnlyList<string> GetScopes(HttpMessage message) =>
        message.TryGetProperty(typeof(ScopesKey), out var value) && value is string[] scopes ? scopes : [];

    public static void SetMeter(HttpMessage message, ByteMeter meter) => message.SetProperty(typeof(ByteMeter), meter);

    public static ByteMeter? GetMeter(HttpMessage message) =>
        message.TryGetProperty(typeof(ByteMeter), out var value) ? value as ByteMeter : null;

    public static string PullScope(string repository) => $"repository:{repository}:pull";

    public static string PushScope(string repository) => $"repository:{repository}:pull,push";

    private sealed class ScopesKey;
}

/// <summary>Counts request body bytes as they are sent (every attempt, retries included).</summary>
internal sealed class ByteMeter
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);
}
