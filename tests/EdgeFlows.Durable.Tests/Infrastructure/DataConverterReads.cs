using EdgeFlows.Durable.Serialization;

namespace EdgeFlows.Durable.Tests.Infrastructure;

/// <summary>Reads JSON payloads found in history events the way the runtime writes them.</summary>
public static class DataConverterReads
{
    public static T? Payload<T>(string? json) => DataConverter.Deserialize<T>(json, "test payload");
}
