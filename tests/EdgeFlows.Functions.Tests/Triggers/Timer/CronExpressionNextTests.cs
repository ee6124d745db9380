// Next occurrences in UTC and in wall-clock time, checked against what NCrontab (and so Azure
// Functions) gives for the same expressions.
using System.Globalization;
using EdgeFlows.Functions.Triggers.Timer;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class CronExpressionNextTests
{
    [Theory]
    [InlineData("0 */5 * * * *", "2025-01-01T10:02:03", "2025-01-01T10:05:00")]
    [InlineData("0 */5 * * * *", "2025-01-01T10:05:00", "2025-01-01T10:10:00")]
    [InlineData("0 */5 * * * *", "2025-12-31T23:59:59", "2026-01-01T00:00:00")]
    [InlineData("0 30 9 * * 1-5", "2025-01-03T09:30:00", "2025-01-06T09:30:00")]
    [InlineData("0 30 9 * * 1-5", "2025-01-06T08:00:00", "2025-01-06T09:30:00")]
    [InlineData("0 30 9 * * Mon-Fri", "2025-01-04T00:00:00", "2025-01-06T09:30:00")]
    [InlineData("0 0 0 1 * *", "2025-01-15T12:00:00", "2025-02-01T00:00:00")]
    [InlineData("0 0 0 1 * *", "2025-12-01T00:00:00", "2026-01-01T00:00:00")]
    [InlineData("0 0 0 29 2 *", "2025-01-01T00:00:00", "2028-02-29T00:00:00")]
    [InlineData("0 0 0 29 2 *", "2096-03-01T00:00:00", "2104-02-29T00:00:00")]
    [InlineData("0 0 0 31 * *", "2025-01-31T00:00:00", "2025-03-31T00:00:00")]
    [InlineData("0 0 0 13 * 5", "2025-01-01T00:00:00", "2025-06-13T00:00:00")]
    [InlineData("0 0 12 * Jan,Jul Sun", "2025-01-01T00:00:00", "2025-01-05T12:00:00")]
    [InlineData("*/15 * * * * *", "2025-01-01T10:00:14", "2025-01-01T10:00:15")]
    [InlineData("*/15 * * * * *", "2025-01-01T10:00:50", "2025-01-01T10:01:00")]
    [InlineData("5/20 * * * * *", "2025-01-01T10:00:45", "2025-01-01T10:01:05")]
    [InlineData("* * * * * *", "2025-01-01T10:00:00.5", "2025-01-01T10:00:01")]
    [InlineData("*/5 * * * *", "2025-01-01T10:02:03", "2025-01-01T10:05:00")]
    [InlineData("0 0 0 1 1 *", "2025-06-01T00:00:00", "2026-01-01T00:00:00")]
    [InlineData("59 59 23 31 12 *", "2025-12-31T23:59:59", "2026-12-31T23:59:59")]
    public void NextLocal_KnownSchedule_MatchesNCrontab(string expression, string after, string expected)
    {
        var next = CronExpression.Parse(expression).NextLocal(Parse(after));

        Assert.Equal(Parse(expected), next);
    }

    [Fact]
    public void Next_Utc_IsTheWallClockOccurrenceInUtc()
    {
        var next = CronExpression.Parse("0 30 9 * * 1-5").Next(At("2025-01-03T09:30:00Z"), TimeZoneInfo.Utc);

        Assert.Equal(At("2025-01-06T09:30:00Z"), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void Next_YearlySchedule_ReturnsWithoutScanningEverySecond()
    {
        // 40 years of day-by-day search would time out a second-by-second scan; here it is a
        // walk over days. (No wall-clock assertion: the test only must finish and be right.)
        var expression = CronExpression.Parse("0 0 0 29 2 1");

        var next = expression.Next(At("2025-01-01T00:00:00Z"), ScheduleTimeZones.Find("Europe/Berlin"));

        Assert.Equal(At("2044-02-29T00:00:00+01:00"), next);
    }

    [Fact]
    public void Occurrences_Range_ListsEachInOrder()
    {
        var all = CronExpression.Parse("0 0 */6 * * *").Occurrences(At("2025-01-01T00:00:00Z"), At("2025-01-02T00:00:00Z"), TimeZoneInfo.Utc);

        Assert.Equal(
            [At("2025-01-01T06:00:00Z"), At("2025-01-01T12:00:00Z"), At("2025-01-01T18:00:00Z"), At("2025-01-02T00:00:00Z")],
            all);
    }

    private static DateTime Parse(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
