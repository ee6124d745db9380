namespace EdgeFlows.Durable.Tests.Execution;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Constructor_ZeroAttempts_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, Second));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_FirstIntervalNotPositive_Throws(int seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(seconds)));
        Assert.Equal("firstRetryInterval", error.ParamName);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void Constructor_BackoffBelowOne_Throws(double coefficient)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, Second, coefficient));
        Assert.Equal("backoffCoefficient", error.ParamName);
    }

    [Fact]
    public void Constructor_MaxIntervalShorterThanFirst_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, Second, maxRetryInterval: TimeSpan.FromMilliseconds(500)));
        Assert.Equal("maxRetryInterval", error.ParamName);
    }

    [Fact]
    public void Constructor_RetryTimeoutNotPositive_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, Second, retryTimeout: TimeSpan.Zero));
        Assert.Equal("retryTimeout", error.ParamName);
    }

    [Fact]
    public void Constructor_Defaults_OneHourCapAndNoTimeout()
    {
        var policy = new RetryPolicy(3, Second);

        Assert.Equal(1.0, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromHours(1), policy.MaxRetryInterval);
        Assert.Equal(Timeout.InfiniteTimeSpan, policy.RetryTimeout);
        Assert.Null(policy.Handle);
    }

    [Fact]
    public void GetDelay_Backoff_GrowsByTheCoefficientPerRetry()
    {
        var policy = new RetryPolicy(5, Second, backoffCoefficient: 2);

        Assert.Equal([Second, 2 * Second, 4 * Second, 8 * Second], [policy.GetDelay(1), policy.GetDelay(2), policy.GetDelay(3), policy.GetDelay(4)]);
    }

    [Fact]
    public void GetDelay_BeyondMaxRetryInterval_IsCapped()
    {
        var policy = new RetryPolicy(10, Second, backoffCoefficient: 3, maxRetryInterval: TimeSpan.FromSeconds(5));

        Assert.Equal([Second, 3 * Second, 5 * Second, 5 * Second], [policy.GetDelay(1), policy.GetDelay(2), policy.GetDelay(3), policy.GetDelay(9)]);
    }

    [Fact]
    public void GetDelay_RetryNumberZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, Second).GetDelay(0));
}
