using System.Globalization;
using EdgeFlows.Durable.Client;
using EdgeFlows.Functions.Triggers.Timer;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class ScheduleOccurrenceIdTests
{
    [Fact]
    public void Format_DatasetOccurrence_IsNameDatasetAndUtcTime()
    {
        var id = ScheduleOccurrenceId.Format("nightly", "sales", At("2025-03-30T03:30:00+02:00"));

        Assert.Equal("schedule:nightly:sales:20250330T013000Z", id);
    }

    [Fact]
    public void Format_NoDataset_LeavesTheDatasetOut()
    {
        var id = ScheduleOccurrenceId.Format("cleanup", null, At("2025-01-01T00:00:00Z"));

        Assert.Equal("schedule:cleanup:20250101T000000Z", id);
    }

    [Fact]
    public void Format_SameInstantInAnyOffset_GivesTheSameId() =>
        Assert.Equal(
            ScheduleOccurrenceId.Format("n", "d", At("2025-10-26T02:30:00+02:00")),
            ScheduleOccurrenceId.Format("n", "d", At("2025-10-26T00:30:00Z")));

    [Fact]
    public void Format_LongestNames_IsAValidInstanceId()
    {
        var id = ScheduleOccurrenceId.Format(new string('n', 64), new string('d', 64), At("2025-01-01T00:00:00Z"));

        DurableClient.ValidateInstanceId(id);
        Assert.True(id.Length <= DurableClient.MaxInstanceIdLength);
    }

    [Fact]
    public void ParseOccurrence_OwnId_ReturnsTheOccurrence()
    {
        var prefix = ScheduleOccurrenceId.Prefix("nightly", "sales");

        Assert.Equal(At("2025-03-30T01:30:00Z"), ScheduleOccurrenceId.ParseOccurrence("schedule:nightly:sales:20250330T013000Z", prefix));
    }

    [Theory]
    [InlineData("schedule:nightly:sales2:20250330T013000Z")]
    [InlineData("schedule:nightly:sales:20250330T013000Z:x")]
    [InlineData("schedule:nightly:sales:someday")]
    [InlineData("manual-run")]
    public void ParseOccurrence_OtherId_ReturnsNull(string id) =>
        Assert.Null(ScheduleOccurrenceId.ParseOccurrence(id, ScheduleOccurrenceId.Prefix("nightly", "sales")));

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
