// Daylight-saving nights, as Azure Functions' timer trigger handles them: a wall-clock time
// that does not exist (spring forward) runs shifted past the gap; one that occurs twice (fall
// back) runs once for point-in-time schedules and in both passes for interval schedules.
using System.Globalization;
using EdgeFlows.Functions.Triggers.Timer;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class CronExpressionTimeZoneTests
{
    private static readonly TimeZoneInfo Berlin = ScheduleTimeZones.Find("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = ScheduleTimeZones.Find("America/New_York");

    [Fact]
    public void Next_BerlinSpringForward_NonexistentTimeRunsShiftedPastTheGap()
    {
        // 2025-03-30: 02:00 CET becomes 03:00 CEST; 02:30 does not exist and runs at 03:30 CEST.
        var occurrences = Sequence("0 30 2 * * *", Berlin, "2025-03-29T00:00:00+01:00", 3);

        Assert.Equal([At("2025-03-29T02:30:00+01:00"), At("2025-03-30T03:30:00+02:00"), At("2025-03-31T02:30:00+02:00")], occurrences);
    }

    [Fact]
    public void Next_BerlinFallBack_RepeatedTimeRunsOnceInTheFirstPass()
    {
        // 2025-10-26: 03:00 CEST becomes 02:00 CET; 02:30 happens twice and runs once, at 02:30 CEST.
        var occurrences = Sequence("0 30 2 * * *", Berlin, "2025-10-25T00:00:00+02:00", 3);

        Assert.Equal([At("2025-10-25T02:30:00+02:00"), At("2025-10-26T02:30:00+02:00"), At("2025-10-27T02:30:00+01:00")], occurrences);
    }

    [Fact]
    public void Next_BerlinFallBackStartingInTheSecondPass_SkipsToTheNextDay()
    {
        // A host that starts at 02:10 CET (second pass) assumes 02:30 ran at 02:30 CEST, as Functions does.
        var next = CronExpression.Parse("0 30 2 * * *").Next(At("2025-10-26T02:10:00+01:00"), Berlin);

        Assert.Equal(At("2025-10-27T02:30:00+01:00"), next);
    }

    [Fact]
    public void Next_BerlinFallBackIntervalSchedule_RunsThroughBothPasses()
    {
        var occurrences = Sequence("0 */30 * * * *", Berlin, "2025-10-26T01:30:00+02:00", 5);

        Assert.Equal(
            [
                At("2025-10-26T02:00:00+02:00"), At("2025-10-26T02:30:00+02:00"),
                At("2025-10-26T02:00:00+01:00"), At("2025-10-26T02:30:00+01:00"), At("2025-10-26T03:00:00+01:00"),
            ],
            occurrences);
    }

    [Fact]
    public void Next_BerlinSpringForwardIntervalSchedule_ContinuesAfterTheGap()
    {
        var occurrences = Sequence("0 */30 * * * *", Berlin, "2025-03-30T01:30:00+01:00", 3);

        Assert.Equal([At("2025-03-30T03:00:00+02:00"), At("2025-03-30T03:30:00+02:00"), At("2025-03-30T04:00:00+02:00")], occurrences);
    }

    [Fact]
    public void Next_NewYorkSpringForward_NonexistentTimeRunsShiftedPastTheGap()
    {
        // 2025-03-09: 02:00 EST becomes 03:00 EDT.
        var occurrences = Sequence("0 30 2 * * *", NewYork, "2025-03-08T00:00:00-05:00", 3);

        Assert.Equal([At("2025-03-08T02:30:00-05:00"), At("2025-03-09T03:30:00-04:00"), At("2025-03-10T02:30:00-04:00")], occurrences);
    }

    [Fact]
    public void Next_NewYorkFallBack_TwoThirtyIsNotRepeatedAndRunsOnce()
    {
        // 2025-11-02: 02:00 EDT becomes 01:00 EST; 02:30 exists once (in EST).
        var occurrences = Sequence("0 30 2 * * *", NewYork, "2025-11-01T00:00:00-04:00", 3);

        Assert.Equal([At("2025-11-01T02:30:00-04:00"), At("2025-11-02T02:30:00-05:00"), At("2025-11-03T02:30:00-05:00")], occurrences);
    }

    [Fact]
    public void Next_NewYorkFallBack_RepeatedOneThirtyRunsOnceInTheFirstPass()
    {
        var occurrences = Sequence("0 30 1 * * *", NewYork, "2025-11-01T12:00:00-04:00", 2);

        Assert.Equal([At("2025-11-02T01:30:00-04:00"), At("2025-11-03T01:30:00-05:00")], occurrences);
    }

    [Fact]
    public void Next_NewYorkHourly_RunsInBothPassesOfTheRepeatedHour()
    {
        var occurrences = Sequence("0 0 * * * *", NewYork, "2025-11-02T00:30:00-04:00", 4);

        Assert.Equal([At("2025-11-02T01:00:00-04:00"), At("2025-11-02T01:00:00-05:00"), At("2025-11-02T02:00:00-05:00"), At("2025-11-02T03:00:00-05:00")], occurrences);
    }

    [Fact]
    public void Next_NewYorkSpringForwardHourly_SkipsTheMissingHourWithoutRepeating()
    {
        var occurrences = Sequence("0 0 * * * *", NewYork, "2025-03-09T00:30:00-05:00", 3);

        Assert.Equal([At("2025-03-09T01:00:00-05:00"), At("2025-03-09T03:00:00-04:00"), At("2025-03-09T04:00:00-04:00")], occurrences);
    }

    [Fact]
    public void Next_DailyAcrossAYearOfBerlinChanges_FiresOncePerDay()
    {
        var expression = CronExpression.Parse("0 30 2 * * *");

        var all = expression.Occurrences(At("2025-01-01T00:00:00+01:00"), At("2026-01-01T00:00:00+01:00"), Berlin).ToList();

        Assert.Equal(365, all.Count);
        Assert.Equal(365, all.Select(o => TimeZoneInfo.ConvertTime(o, Berlin).Date).Distinct().Count());
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Eastern Standard Time")]
    [InlineData("America/New_York")]
    [InlineData("UTC")]
    public void Find_IanaOrWindowsId_ResolvesAZone(string id) =>
        Assert.NotNull(ScheduleTimeZones.Find(id));

    [Fact]
    public void Find_WindowsId_UsesTheSameRulesAsItsIanaZone()
    {
        var windows = ScheduleTimeZones.Find("W. Europe Standard Time");

        Assert.Equal(TimeSpan.FromHours(2), windows.GetUtcOffset(At("2025-07-01T00:00:00Z")));
        Assert.Equal(TimeSpan.FromHours(1), windows.GetUtcOffset(At("2025-01-01T00:00:00Z")));
    }

    [Fact]
    public void Find_UnknownId_ThrowsSayingWhichIdsWork()
    {
        var error = Assert.Throws<TimeZoneNotFoundException>(() => ScheduleTimeZones.Find("Mars/Olympus"));

        Assert.Contains("No time zone 'Mars/Olympus'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", error.Message, StringComparison.Ordinal);
    }

    private static List<DateTimeOffset> Sequence(string expression, TimeZoneInfo zone, string after, int count)
    {
        var cron = CronExpression.Parse(expression);
        var result = new List<DateTimeOffset>();
        var cursor = At(after);
        for (var i = 0; i < count; i++)
        {
            cursor = cron.Next(cursor, zone) ?? throw new InvalidOperationException("No next occurrence.");
            result.Add(cursor);
        }

        return result;
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
