using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public sealed class AsyncSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitAsync_SetWhileNobodyWaits_RememberedOnce()
    {
        var signal = new AsyncSignal();

        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_SetAfterAWaitTimedOut_RememberedForTheNextWait()
    {
        var signal = new AsyncSignal();
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_SetWhileTwoWait_WakesBoth()
    {
        var signal = new AsyncSignal();
        var first = signal.WaitAsync(Long, CancellationToken.None);
        var second = signal.WaitAsync(Long, CancellationToken.None);

        signal.Set();

        var woken = await Task.WhenAll(first, second);
        Assert.Equal([true, true], woken);
    }
}
