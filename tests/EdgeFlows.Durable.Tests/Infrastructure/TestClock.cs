namespace EdgeFlows.Durable.Tests.Infrastructure;

/// <summary>Time boundaries for created-time filters, without sleeping for fixed periods.</summary>
public static class TestClock
{
    /// <summary>
    /// A moment just after <paramref name="time"/>, returned once the clock has passed it, so
    /// anything created afterwards is created later than the moment.
    /// </summary>
    public static async Task<DateTime> MomentAfterAsync(DateTime time)
    {
        var moment = time.AddTicks(1);
        while (DateTime.UtcNow <= moment)
        {
            await Task.Delay(1);
        }

        return moment;
    }
}
