using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>Keeps every message logged under categories starting with a prefix, so tests can read them.</summary>
public sealed class CapturingLoggerProvider(string categoryPrefix) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>The messages logged so far, in order.</summary>
    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal)
            ? new CapturingLogger(_messages)
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}
