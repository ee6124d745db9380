// A clock that tests move by hand, so leases and due times are tested without sleeping.
// (Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider is not in our package source.)
namespace EdgeFlows.Durable.Tests.Infrastructure;

/// <summary>
/// A <see cref="TimeProvider"/> whose time stands still until <see cref="Advance"/> moves it.
/// Only the clock is manual: timers would run on real time and so disagree with it, which is
/// why <see cref="CreateTimer"/> refuses rather than mislead.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    /// <summary>The current time as a UTC <see cref="DateTime"/>.</summary>
    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_lock)
        {
            _now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("ManualTimeProvider fakes the clock only; its timers would run on real time.");
}
