using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Tests.Storage;

/// <summary>Keeps every formatted log line (with its structured values) for assertions.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
            : string.Empty;
        Lines.Enqueue($"{eventId.Id} {formatter(state, exception)} | {values} {exception}");
    }
}
