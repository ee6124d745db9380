// The host's and HTTP API's log messages; 4200-4299 belong to them.
namespace EdgeFlows.Functions;

internal static partial class Logs
{
    [LoggerMessage(4200, LogLevel.Information, "HTTP {Method} {Path} responded {StatusCode} in {DurationMs:0.0} ms")]
    public static partial void RequestCompleted(this ILogger logger, string method, string path, int statusCode, double durationMs);

    [LoggerMessage(4201, LogLevel.Error, "HTTP request {Method} {Path} failed")]
    public static partial void RequestFailed(this ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(4202, LogLevel.Warning, "EdgeFlows:Keys:AllowAnonymous is true: every endpoint is open without a key. Use it on a developer machine only.")]
    public static partial void KeysNotEnforced(this ILogger logger);

    [LoggerMessage(4203, LogLevel.Information, "EdgeFlows app started: store {Store} at {Location}; data folder {DataFolder}")]
    public static partial void AppStarted(this ILogger logger, string store, string location, string dataFolder);

    [LoggerMessage(4204, LogLevel.Warning, "Readiness check {Check} failed: {Reason}")]
    public static partial void ReadinessFailed(this ILogger logger, string check, string reason);

    [LoggerMessage(4205, LogLevel.Information, "Retrain of dataset {Dataset} requested over HTTP: instance {InstanceId} ({Outcome})")]
    public static partial void RetrainRequested(this ILogger logger, string dataset, string instanceId, string outcome);

    [LoggerMessage(4206, LogLevel.Information, "Key Vault {Vault}: secrets read again; {Count} settings changed ({Keys})")]
    public static partial void KeyVaultReloaded(this ILogger logger, Uri vault, int count, string keys);

    [LoggerMessage(4207, LogLevel.Warning, "Key Vault {Vault}: reading the secrets again failed; the ones read before stay in force, next try in {Interval}")]
    public static partial void KeyVaultReloadFailed(this ILogger logger, Uri vault, TimeSpan interval, Exception exception);

    [LoggerMessage(4208, LogLevel.Information, "Access keys reloaded from the configuration")]
    public static partial void KeysReloaded(this ILogger logger);

    [LoggerMessage(4209, LogLevel.Warning, "Access keys in the configuration changed but are not valid, so the keys in force stay: {Errors}")]
    public static partial void KeysReloadRefused(this ILogger logger, string errors);
}
