using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Client;

/// <summary>Typed reads of an instance's JSON payloads.</summary>
public static class OrchestrationInstanceExtensions
{
    /// <summary>The input as <typeparamref name="T"/>.</summary>
    public static T? ReadInputAs<T>(this OrchestrationInstance instance) =>
        DataConverter.Deserialize<T>(instance?.Input, "orchestration input");

    /// <summary>The output as <typeparamref name="T"/>.</summary>
    public static T? ReadOutputAs<T>(this OrchestrationInstance instance) =>
        DataConverter.Deserialize<T>(instance?.Output, "orchestration output");

    /// <summary>The custom status as <typeparamref name="T"/>.</summary>
    public static T? ReadCustomStatusAs<T>(this OrchestrationInstance instance) =>
        DataConverter.Deserialize<T>(instance?.CustomStatus, "custom status");
}
