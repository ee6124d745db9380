using EdgeFlows.Durable.Client;

namespace EdgeFlows.Functions.Http;

/// <summary>Instance ids in URLs: checked before any store call, with a 400 that says why.</summary>
internal static class InstanceIds
{
    /// <summary>
    /// Longest id a caller may choose when starting an instance over HTTP: ids are read and
    /// pasted by people and travel in URLs and logs, and every derived id of the app fits.
    /// Ids the app makes itself may be longer, up to the runtime's 256, and can still be read
    /// and managed over HTTP.
    /// </summary>
    public const int MaxNewLength = 100;

    /// <summary>Checks an id a caller chose for a new instance.</summary>
    public static void ValidateNew(string instanceId)
    {
        if (instanceId.Length > MaxNewLength)
        {
            throw ApiException.BadRequest($"The instance id is {instanceId.Length} characters long; at most {MaxNewLength} are allowed.");
        }

        ValidateExisting(instanceId);
    }

    /// <summary>Checks an id that names an instance.</summary>
    public static void ValidateExisting(string instanceId)
    {
        try
        {
            DurableClient.ValidateInstanceId(instanceId);
        }
        catch (ArgumentException ex)
        {
            throw ApiException.BadRequest(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
