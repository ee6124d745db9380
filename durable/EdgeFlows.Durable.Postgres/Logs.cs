using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable;

/// <summary>The PostgreSQL store's log messages, with stable event ids (1100–1149). None carries the connection string.</summary>
internal static partial class Logs
{
    [LoggerMessage(1100, LogLevel.Information, "Listening for work notifications on channel {Channel} of {Server}")]
    public static partial void Listening(this ILogger logger, string channel, string server);

    [LoggerMessage(1101, LogLevel.Warning, "The listening connection to {Server} failed; reconnecting in {DelayMs} ms (polling covers the gap)")]
    public static partial void ListenFailed(this ILogger logger, string server, double delayMs, Exception exception);

    [LoggerMessage(1102, LogLevel.Debug, "A transaction on {Server} met a conflict ({SqlState}); retrying it (attempt {Attempt})")]
    public static partial void TransactionRetried(this ILogger logger, string server, string sqlState, int attempt);
}
