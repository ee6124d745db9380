using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;
using EdgeFlows.Samples.Demo.Orchestrations;

namespace EdgeFlows.Durable.Tests.Samples;

/// <summary>
/// One RetrainPreview run on a real host over the real data set, shared by the tests that
/// read its outcome (training takes a moment; running it once per assertion adds nothing).
/// </summary>
public sealed class RetrainPreviewRun : IAsyncLifetime
{
    private DurableTestHost? _host;

    public OrchestrationInstance Instance { get; private set; } = null!;

    public RetrainPreviewResult Result { get; private set; } = null!;

    public IReadOnlyList<HistoryEvent> History { get; private set; } = [];

    public string WorkDirectory { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _host = await DurableTestHost.StartAsync(r => r.AddRetrainPreview());
        WorkDirectory = Path.GetDirectoryName(_host.DatabasePath)!;
        var input = new RetrainPreviewInput(SampleData.BreastCancerCsv, WorkDirectory, SettleDelay: TimeSpan.FromMilliseconds(200));
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetrainPreview), input);
        Instance = await _host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));
        Result = Instance.ReadOutputAs<RetrainPreviewResult>()!;
        History = await _host.Client.GetHistoryAsync(id);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
