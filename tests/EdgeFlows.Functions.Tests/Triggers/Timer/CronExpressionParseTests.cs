// What the NCRONTAB parser accepts, field by field, and the errors it gives for what it does
// not: each names the field and the bad token.
using EdgeFlows.Functions.Triggers.Timer;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class CronExpressionParseTests
{
    public static TheoryData<string, CronField, int[]> Accepted => new()
    {
        { "* * * * * *", CronField.Second, Enumerable.Range(0, 60).ToArray() },
        { "5 * * * * *", CronField.Second, [5] },
        { "1,2,59 * * * * *", CronField.Second, [1, 2, 59] },
        { "10-13 * * * * *", CronField.Second, [10, 11, 12, 13] },
        { "*/15 * * * * *", CronField.Second, [0, 15, 30, 45] },
        { "5/20 * * * * *", CronField.Second, [5, 25, 45] },
        { "1-30/10 * * * * *", CronField.Second, [1, 11, 21] },
        { "0 */20,7 * * * *", CronField.Minute, [0, 7, 20, 40] },
        { "0 0 9-17/4 * * *", CronField.Hour, [9, 13, 17] },
        { "0 0 0 1,15,31 * *", CronField.Day, [1, 15, 31] },
        { "0 0 0 * Jan,jul,DEC *", CronField.Month, [1, 7, 12] },
        { "0 0 0 * January-March *", CronField.Month, [1, 2, 3] },
        { "0 0 0 * 2-4 *", CronField.Month, [2, 3, 4] },
        { "0 0 0 * * Mon-Fri", CronField.DayOfWeek, [1, 2, 3, 4, 5] },
        { "0 0 0 * * sun,SAT", CronField.DayOfWeek, [0, 6] },
        { "0 0 0 * * Thurs", CronField.DayOfWeek, [4] },
        { "0 0 0 * * 0", CronField.DayOfWeek, [0] },
        { "0 0 0 * * */2", CronField.DayOfWeek, [0, 2, 4, 6] },
        { "*/5 * * * *", CronField.Minute, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55] },
        { "*/5 * * * *", CronField.Second, [0] },
        { "  0   30  9 * *   1-5 ", CronField.Hour, [9] },
        { "0 0 0 * * 05", CronField.DayOfWeek, [5] },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_ValidField_MatchesTheseValues(string expression, CronField field, int[] expected)
    {
        var sets = CronExpressionParser.Parse(expression);

        Assert.Equal(expected, sets[(int)field].Values());
    }

    public static TheoryData<string, CronField?, string?, string> Rejected => new()
    {
        { "* * * *", null, null, "has 4 fields; it needs six, {second} {minute} {hour} {day} {month} {day-of-week}, or five without the seconds" },
        { "* * * * * * *", null, null, "has 7 fields" },
        { "60 * * * * *", CronField.Second, "60", "in the second field, '60' is out of range; the second field takes 0-59" },
        { "0 61 * * * *", CronField.Minute, "61", "in the minute field, '61' is out of range; the minute field takes 0-59" },
        { "0 0 24 * * *", CronField.Hour, "24", "in the hour field, '24' is out of range; the hour field takes 0-23" },
        { "0 0 0 0 * *", CronField.Day, "0", "in the day-of-month field, '0' is out of range; the day-of-month field takes 1-31" },
        { "0 0 0 32 * *", CronField.Day, "32", "'32' is out of range; the day-of-month field takes 1-31" },
        { "0 0 0 * 13 *", CronField.Month, "13", "in the month field, '13' is out of range; the month field takes 1-12" },
        { "0 0 0 * * 7", CronField.DayOfWeek, "7", "'7' is out of range; the day-of-week field takes 0-6 (Sunday is 0; 7 is refused, as NCrontab and Azure Functions refuse it)" },
        { "0 0 0 * Foo *", CronField.Month, "Foo", "in the month field, 'Foo' is not a month name or number; use 1-12, or a name or its first three letters or more (January or Jan)" },
        { "0 0 0 * Ju *", CronField.Month, "Ju", "'Ju' is not a month name or number" },
        { "0 0 0 * * Mo", CronField.DayOfWeek, "Mo", "in the day-of-week field, 'Mo' is not a day name or number; use 0-6, or a name or its first three letters or more (Sunday or Sun)" },
        { "0 0 0 * * Mondays", CronField.DayOfWeek, "Mondays", "'Mondays' is not a day name or number" },
        { "0 Mon * * * *", CronField.Minute, "Mon", "in the minute field, 'Mon' is not a number from 0 to 59" },
        { "0 0 0 L * *", CronField.Day, "L", "'L' is not a number from 1 to 31 (NCRONTAB has no ?, L, W or #)" },
        { "0 0 0 ? * *", CronField.Day, "?", "(NCRONTAB has no ?, L, W or #)" },
        { "0 0 0 * * 5#3", CronField.DayOfWeek, "5#3", "'5#3' is not a whole number" },
        { "*/0 * * * * *", CronField.Second, "*/0", "in the second field, '*/0' has a step of 0; a step is at least 1" },
        { "*/x * * * * *", CronField.Second, "*/x", "'*/x' has a step 'x' that is not a whole number" },
        { "0 0 22-2 * * *", CronField.Hour, "22-2", "'22-2' is a backwards range (NCrontab would silently read it as 2-22); write 2-22, or a list such as 22-23,0-2 for a range that wraps" },
        { "0 0 1,,2 * * *", CronField.Hour, "1,,2", "'1,,2' has an empty list item" },
        { "0 0 1- * * *", CronField.Hour, "1-", "'1-' is missing a value" },
        { "0 0 -1 * * *", CronField.Hour, "-1", "'-1' is missing a value" },
        { "0 0 0 30 2 *", CronField.Day, "30", "in the day-of-month field, '30' names no day that exists in February, so the schedule would never occur" },
        { "0 0 0 31 Apr,Jun,Sep,Nov *", CronField.Day, "31", "names no day that exists in April, June, September, November" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_InvalidExpression_ThrowsNamingFieldAndToken(string expression, CronField? field, string? token, string message)
    {
        var error = Assert.Throws<CronFormatException>(() => CronExpression.Parse(expression));

        Assert.Equal(field, error.Field);
        Assert.Equal(token, error.Token);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{expression.Trim()}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidExpression_ReturnsFalseWithTheMessage()
    {
        Assert.False(CronExpression.TryParse("0 0 25 * * *", out var result, out var error));

        Assert.Null(result);
        Assert.Contains("'25' is out of range", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 */5 * * * *", true)]
    [InlineData("0 0 * * * *", true)]
    [InlineData("0 0 1-3 * * *", true)]
    [InlineData("0 0 1,2 * * *", true)]
    [InlineData("0 30 2 * * *", false)]
    [InlineData("0 0,30 2 * * *", false)]
    [InlineData("0 0 */2 * * *", false)]
    [InlineData("0 0 0 * * Mon-Fri", false)]
    [InlineData("30 2 * * *", false)]
    [InlineData("* 2 * * *", true)]
    public void IsInterval_FollowsAzureFunctionsRule_TrueWhenSecondMinuteOrHourHoldsARange(string expression, bool expected) =>
        Assert.Equal(expected, CronExpression.Parse(expression).IsInterval);
}
