// Finds a schedule's time zone by IANA id ("Europe/Berlin") or Windows id ("W. Europe
// Standard Time"), whichever the host's own database uses. .NET converts between the two
// through ICU, which this app does not load (InvariantGlobalization), so the common Windows
// ids are mapped here to their IANA zone (the CLDR "001" choice) and back.
namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Resolves time zone ids for schedules.</summary>
public static class ScheduleTimeZones
{
    private static readonly Dictionary<string, string> WindowsToIana = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = "Etc/UTC",
        ["GMT Standard Time"] = "Europe/London",
        ["Greenwich Standard Time"] = "Atlantic/Reykjavik",
        ["W. Europe Standard Time"] = "Europe/Berlin",
        ["Central Europe Standard Time"] = "Europe/Budapest",
        ["Romance Standard Time"] = "Europe/Paris",
        ["Central European Standard Time"] = "Europe/Warsaw",
        ["E. Europe Standard Time"] = "Europe/Chisinau",
        ["FLE Standard Time"] = "Europe/Kyiv",
        ["GTB Standard Time"] = "Europe/Bucharest",
        ["Russian Standard Time"] = "Europe/Moscow",
        ["Turkey Standard Time"] = "Europe/Istanbul",
        ["Israel Standard Time"] = "Asia/Jerusalem",
        ["Egypt Standard Time"] = "Africa/Cairo",
        ["South Africa Standard Time"] = "Africa/Johannesburg",
        ["W. Central Africa Standard Time"] = "Africa/Lagos",
        ["E. Africa Standard Time"] = "Africa/Nairobi",
        ["Morocco Standard Time"] = "Africa/Casablanca",
        ["Arabian Standard Time"] = "Asia/Dubai",
        ["Arab Standard Time"] = "Asia/Riyadh",
        ["Iran Standard Time"] = "Asia/Tehran",
        ["Pakistan Standard Time"] = "Asia/Karachi",
        ["India Standard Time"] = "Asia/Kolkata",
        ["Nepal Standard Time"] = "Asia/Kathmandu",
        ["Bangladesh Standard Time"] = "Asia/Dhaka",
        ["SE Asia Standard Time"] = "Asia/Bangkok",
        ["China Standard Time"] = "Asia/Shanghai",
        ["Singapore Standard Time"] = "Asia/Singapore",
        ["Taipei Standard Time"] = "Asia/Taipei",
        ["Tokyo Standard Time"] = "Asia/Tokyo",
        ["Korea Standard Time"] = "Asia/Seoul",
        ["W. Australia Standard Time"] = "Australia/Perth",
        ["Cen. Australia Standard Time"] = "Australia/Adelaide",
        ["E. Australia Standard Time"] = "Australia/Brisbane",
        ["AUS Eastern Standard Time"] = "Australia/Sydney",
        ["Tasmania Standard Time"] = "Australia/Hobart",
        ["New Zealand Standard Time"] = "Pacific/Auckland",
        ["Hawaiian Standard Time"] = "Pacific/Honolulu",
        ["Alaskan Standard Time"] = "America/Anchorage",
        ["Pacific Standard Time"] = "America/Los_Angeles",
        ["US Mountain Standard Time"] = "America/Phoenix",
        ["Mountain Standard Time"] = "America/Denver",
        ["Central Standard Time"] = "America/Chicago",
        ["Central Standard Time (Mexico)"] = "America/Mexico_City",
        ["Canada Central Standard Time"] = "America/Regina",
        ["Eastern Standard Time"] = "America/New_York",
        ["SA Pacific Standard Time"] = "America/Bogota",
        ["Atlantic Standard Time"] = "America/Halifax",
        ["Newfoundland Standard Time"] = "America/St_Johns",
        ["Pacific SA Standard Time"] = "America/Santiago",
        ["E. South America Standard Time"] = "America/Sao_Paulo",
        ["Argentina Standard Time"] = "America/Argentina/Buenos_Aires",
    };

    private static readonly Dictionary<string, string> IanaToWindows =
        WindowsToIana.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>The zone with this IANA or Windows id.</summary>
    /// <exception cref="TimeZoneNotFoundException">No zone has that id here; the message says which ids work.</exception>
    public static TimeZoneInfo Find(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(id, "Etc/UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        if (TryFind(id, out var zone))
        {
            return zone;
        }

        if ((WindowsToIana.TryGetValue(id, out var other) || IanaToWindows.TryGetValue(id, out other)) && TryFind(other, out zone))
        {
            return zone;
        }

        throw new TimeZoneNotFoundException(
            $"No time zone '{id}' is known on this host. Use an IANA id such as Europe/Berlin or America/New_York, " +
            "or a common Windows id such as W. Europe Standard Time.");
    }

    private static bool TryFind(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
