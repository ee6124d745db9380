// Parses NCRONTAB text the way NCrontab does for Azure Functions' timer trigger: lists, ranges,
// steps (*/5, 1-30/3, and 5/10 meaning 5-max/10), month and day names. Where NCrontab
// silently reads a likely mistake differently (a backwards range is swapped, a step of 0 means
// 1, one- and two-letter names match the first name they begin), this parser refuses with a
// message saying what to write instead; docs/schedules.md lists these differences.
using System.Globalization;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Turns NCRONTAB text into the value sets of its fields.</summary>
internal static class CronExpressionParser
{
    private const string Format = "{second} {minute} {hour} {day} {month} {day-of-week}";
    private const int ShortestName = 3;

    /// <summary>The six fields' value sets, seconds first; a five-field expression gets second 0.</summary>
    /// <exception cref="CronFormatException">The text is not a valid NCRONTAB expression.</exception>
    public static CronValueSet[] Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var tokens = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is not (5 or 6))
        {
            throw new CronFormatException(
                $"The NCRONTAB expression '{expression}' has {tokens.Length} fields; it needs six, {Format}, " +
                "or five without the seconds.",
                null,
                null);
        }

        var sets = new CronValueSet[6];
        var offset = 6 - tokens.Length;
        if (offset == 1)
        {
            sets[0] = new CronValueSet(1);
        }

        for (var i = 0; i < tokens.Length; i++)
        {
            var field = (CronField)(i + offset);
            sets[i + offset] = ParseField(expression, field, tokens[i]);
        }

        CheckSomeDateExists(expression, tokens[^3], sets[(int)CronField.Day], sets[(int)CronField.Month]);
        return sets;
    }

    private static CronValueSet ParseField(string expression, CronField field, string text)
    {
        var set = new CronValueSet(0);
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Error(expression, field, text, $"'{text}' has an empty list item");
            }

            set = ParseItem(expression, field, item, set);
        }

        return set;
    }

    private static CronValueSet ParseItem(string expression, CronField field, string item, CronValueSet set)
    {
        var min = CronFieldRanges.Min(field);
        var max = CronFieldRanges.Max(field);
        var step = 1;
        var range = item;
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            range = item[..slash];
            var stepText = item[(slash + 1)..];
            if (!TryParseNumber(stepText, out step))
            {
                throw Error(expression, field, item, $"'{item}' has a step '{stepText}' that is not a whole number");
            }

            if (step < 1)
            {
                throw Error(expression, field, item, $"'{item}' has a step of 0; a step is at least 1");
            }
        }

        int first, last;
        if (range == "*")
        {
            (first, last) = (min, max);
        }
        else
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash >= 0)
            {
                first = ParseValue(expression, field, item, range[..dash]);
                last = ParseValue(expression, field, item, range[(dash + 1)..]);
                if (last < first)
                {
                    throw Error(expression, field, item,
                        $"'{item}' is a backwards range (NCrontab would silently read it as {last}-{first}); " +
                        $"write {last}-{first}, or a list such as {first}-{max},{min}-{last} for a range that wraps");
                }
            }
            else
            {
                first = ParseValue(expression, field, item, range);

                // As NCrontab: "5/10" steps from 5 to the field's maximum; "5" alone is one value.
                last = slash >= 0 ? max : first;
            }
        }

        for (var value = first; value <= last; value += step)
        {
            set = set.With(value);
        }

        return set;
    }

    private static int ParseValue(string expression, CronField field, string item, string text)
    {
        var min = CronFieldRanges.Min(field);
        var max = CronFieldRanges.Max(field);
        if (text.Length == 0)
        {
            throw Error(expression, field, item, $"'{item}' is missing a value");
        }

        if (char.IsAsciiDigit(text[0]))
        {
            if (!TryParseNumber(text, out var number))
            {
                throw Error(expression, field, item, $"'{text}' is not a whole number");
            }

            if (number < min || number > max)
            {
                var hint = field == CronField.DayOfWeek && number == 7
                    ? " (Sunday is 0; 7 is refused, as NCrontab and Azure Functions refuse it)"
                    : string.Empty;
                throw Error(expression, field, item, $"'{text}' is out of range; the {CronFieldRanges.Describe(field)} field takes {min}-{max}{hint}");
            }

            return number;
        }

        var names = CronFieldRanges.Names(field);
        if (names is null)
        {
            var unsupported = text.IndexOfAny(['?', 'L', 'W', '#']) >= 0
                ? " (NCRONTAB has no ?, L, W or #)"
                : string.Empty;
            throw Error(expression, field, item, $"'{text}' is not a number from {min} to {max}{unsupported}");
        }

        if (text.Length >= ShortestName)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i].StartsWith(text, StringComparison.OrdinalIgnoreCase))
                {
                    return i + min;
                }
            }
        }

        var kind = field == CronField.Month ? "month" : "day";
        throw Error(expression, field, item,
            $"'{text}' is not a {kind} name or number; use {min}-{max}, or a name or its first three letters or more ({names[0]} or {names[0][..ShortestName]})");
    }

    private static bool TryParseNumber(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 4 && text.All(char.IsAsciiDigit) &&
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // NCrontab accepts "0 0 0 30 2 *" and then never fires; a schedule that can never occur is
    // far more likely a mistake, so it is refused here (day-of-week cannot make a date exist).
    private static void CheckSomeDateExists(string expression, string dayText, CronValueSet days, CronValueSet months)
    {
        foreach (var month in months.Values())
        {
            var longest = month == 2 ? 29 : DateTime.DaysInMonth(2001, month);
            if (days.NextAtOrAfter(1) is var day && day >= 1 && day <= longest)
            {
                return;
            }
        }

        var monthNames = string.Join(", ", months.Values().Select(m => CronFieldRanges.Names(CronField.Month)![m - 1]));
        throw Error(expression, CronField.Day, dayText,
            $"'{dayText}' names no day that exists in {monthNames}, so the schedule would never occur");
    }

    private static CronFormatException Error(string expression, CronField field, string token, string problem) =>
        new($"The NCRONTAB expression '{expression}' is not valid: in the {CronFieldRanges.Describe(field)} field, {problem}.", field, token);
}
