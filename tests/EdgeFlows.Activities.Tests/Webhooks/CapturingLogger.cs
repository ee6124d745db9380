using EdgeFlows.Activities.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Tests.Webhooks;

/// <summary>The storage tests' capturing logger, typed for components that take an <see cref="ILogger{T}"/>.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public CapturingLogger Inner { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Inner.Log(logLevel, eventId, state, exception, formatter);
}
