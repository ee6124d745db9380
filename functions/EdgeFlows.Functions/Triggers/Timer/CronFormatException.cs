namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>An NCRONTAB expression that cannot be used; the message names the field and the bad token.</summary>
public sealed class CronFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CronFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CronFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CronFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a bad token in a field.</summary>
    internal CronFormatException(string message, CronField? field, string? token)
        : base(message)
    {
        Field = field;
        Token = token;
    }

    /// <summary>The field that is wrong; null when the problem is the whole expression (the field count, say).</summary>
    public CronField? Field { get; }

    /// <summary>The offending token; null when the problem is not one token.</summary>
    public string? Token { get; }
}
