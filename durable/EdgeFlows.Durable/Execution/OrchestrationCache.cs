namespace EdgeFlows.Durable.Execution;

/// <summary>
/// Keeps running orchestrations in memory between turns, so a turn applies only its new
/// messages instead of replaying the whole history: a long orchestration costs linear,
/// not quadratic, time. Bounded; the least recently used state is evicted and rebuilt
/// from history when it is needed again. A cached state is used only when its position
/// matches the committed history exactly (same execution, same event count).
/// </summary>
internal sealed class OrchestrationCache(int capacity)
{
    // The list keeps each entry's key: a state cached before its ExecutionStarted arrived (an
    // event ahead of a scheduled start) has no instance id of its own to evict it by.
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Removes and returns the state for this exact history position, or null.</summary>
    public ReplayOrchestrationContext? TryTake(string instanceId, string executionId, int historyCount)
    {
        lock (_lock)
        {
            if (!_entries.Remove(instanceId, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            var context = node.Value.Context;
            return context.CurrentExecutionId == executionId && context.HistoryCount == historyCount ? context : null;
        }
    }

    /// <summary>Keeps a state after a committed turn.</summary>
    public void Put(string instanceId, ReplayOrchestrationContext context)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(instanceId, out var old))
            {
                _recency.Remove(old);
            }

            _entries[instanceId] = _recency.AddFirst(new Entry(instanceId, context));
            while (_entries.Count > capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.InstanceId);
            }
        }
    }

    private sealed record Entry(string InstanceId, ReplayOrchestrationContext Context);
}
