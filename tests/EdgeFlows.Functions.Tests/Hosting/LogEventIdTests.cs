// Event ids are how operators filter and alert on log lines, so each names one message across
// the whole app: the runtime, the PostgreSQL store, the activities and the app itself.
using System.Reflection;
using EdgeFlows.Activities.Storage;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores.Postgres;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Hosting;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EveryEventId_NamesOneMessage()
    {
        var assemblies = new[] { typeof(DurableClient).Assembly, typeof(PostgresOrchestrationStore).Assembly, typeof(BlobStorageClient).Assembly, typeof(Program).Assembly };
        var messages = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Message: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Message is not null)
            .ToList();

        var shared = messages
            .GroupBy(m => m.Message!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Method.DeclaringType!.FullName}.{m.Method.Name}"))}");

        Assert.Empty(shared);
        Assert.All(assemblies, a => Assert.Contains(messages, m => m.Method.DeclaringType!.Assembly == a));
    }
}
