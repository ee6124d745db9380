// What the SQLite and PostgreSQL stores share about rows and arguments: both keep an instance
// in the same columns (times as UTC ticks, the failure as JSON) and check a receipt-guarded
// event the same way, so a behaviour the conformance suite pins down is written once.
using System.Data.Common;
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;

namespace EdgeFlows.Durable.Stores;

internal static class StoreRows
{
    /// <summary>
    /// The instance columns in the order <see cref="ReadInstance"/> reads them; without payloads,
    /// input, output and custom status are selected as NULL.
    /// </summary>
    public const string InstanceColumnsWithPayloads =
        "instance_id, name, execution_id, status, input, output, custom_status, failure, created_at, last_updated_at, completed_at, parent_instance_id";

    /// <summary>The same columns with input, output and custom status left out (NULL).</summary>
    public const string InstanceColumnsWithoutPayloads =
        "instance_id, name, execution_id, status, NULL, NULL, NULL, failure, created_at, last_updated_at, completed_at, parent_instance_id";

    /// <summary>Reads the row at <paramref name="reader"/>'s position, selected with the instance columns.</summary>
    public static OrchestrationInstance ReadInstance(DbDataReader reader)
    {
        var failure = NullableString(reader, 7);
        return new OrchestrationInstance(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(3)),
            NullableString(reader, 4),
            NullableString(reader, 5),
            NullableString(reader, 6),
            failure is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(failure, DataConverter.HistoryOptions),
            Utc(reader.GetInt64(8)),
            Utc(reader.GetInt64(9)),
            reader.IsDBNull(10) ? null : Utc(reader.GetInt64(10)),
            NullableString(reader, 11));
    }

    /// <summary>Checks the arguments of <see cref="IOrchestrationStore.RaiseEventWithReceiptsAsync"/>.</summary>
    /// <exception cref="ArgumentException">One is missing or does not fit the others.</exception>
    public static void CheckReceiptEvent(string instanceId, EventRaised message, IReadOnlyCollection<string> receiptKeys, ExecutionStarted startIfMissing)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(receiptKeys);
        ArgumentNullException.ThrowIfNull(startIfMissing);
        if (receiptKeys.Count == 0)
        {
            throw new ArgumentException("At least one receipt key is needed; without one the event is not exactly-once.", nameof(receiptKeys));
        }

        if (startIfMissing.InstanceId != instanceId)
        {
            throw new ArgumentException($"The start event is for instance '{startIfMissing.InstanceId}', not '{instanceId}'.", nameof(startIfMissing));
        }
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);
}
