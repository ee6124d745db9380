// Start-up validation of EdgeFlows:Schedules: every error names its configuration key.
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Triggers.Timer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class ScheduleTriggerOptionsTests
{
    [Fact]
    public void Validate_GoodSchedule_HasNoErrors() =>
        Assert.Empty(Options(new ScheduleOptions { Name = "nightly", Schedule = "0 0 2 * * *", TimeZone = "Europe/Berlin", Datasets = { "sales", "churn" } }).Validate());

    public static TheoryData<string, string> BadSchedules => new()
    {
        { "Name=", "EdgeFlows:Schedules:0:Name must be 1 to 64 of A-Z a-z 0-9 . _ -." },
        { "Name=a:b", "EdgeFlows:Schedules:0:Name must be 1 to 64 of A-Z a-z 0-9 . _ -." },
        { "Schedule=", "EdgeFlows:Schedules:0:Schedule is missing; give an NCRONTAB expression such as '0 0 2 * * *' (02:00 every night)." },
        { "Schedule=0 0 25 * * *", "EdgeFlows:Schedules:0:Schedule is not valid: The NCRONTAB expression '0 0 25 * * *' is not valid: in the hour field, '25' is out of range; the hour field takes 0-23." },
        { "TimeZone=Mars/Olympus", "EdgeFlows:Schedules:0:TimeZone is not valid: No time zone 'Mars/Olympus' is known on this host." },
        { "Dataset=bad/name", "EdgeFlows:Schedules:0:Dataset must be 1 to 64 of A-Z a-z 0-9 . _ -." },
        { "Datasets:0=ok,Datasets:1=", "EdgeFlows:Schedules:0:Datasets:1 must be 1 to 64 of A-Z a-z 0-9 . _ -." },
        { "Orchestrator= ", "EdgeFlows:Schedules:0:Orchestrator must name an orchestration." },
        { "Dataset=,Orchestrator=Retrain", "EdgeFlows:Schedules:0:Datasets is empty, but the Retrain orchestration needs a dataset" },
        { "Dataset=,Orchestrator=Cleanup,SkipIfUnchanged=true", "EdgeFlows:Schedules:0:SkipIfUnchanged needs a Dataset or Datasets to compare fingerprints of." },
        { "MissedOccurrences=Sometimes", "EdgeFlows:Schedules:0:MissedOccurrences" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public void StartAsync_BadSchedule_FailsNamingTheKey(string settings, string expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["EdgeFlows:Schedules:0:Name"] = "nightly",
            ["EdgeFlows:Schedules:0:Schedule"] = "0 0 2 * * *",
            ["EdgeFlows:Schedules:0:Dataset"] = "sales",
        };
        foreach (var pair in settings.Split(','))
        {
            var (key, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            values[$"EdgeFlows:Schedules:0:{key}"] = value;
        }

        var errors = Bind(values);

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), string.Join(" | ", errors));
    }

    [Fact]
    public void Validate_DuplicateNames_NamesTheSecond()
    {
        var schedule = new ScheduleOptions { Name = "nightly", Schedule = "0 0 2 * * *", Dataset = "sales" };
        var twin = new ScheduleOptions { Name = "nightly", Schedule = "0 0 3 * * *", Dataset = "churn" };

        var errors = Options(schedule, twin).Validate();

        Assert.Equal(["EdgeFlows:Schedules:1:Name 'nightly' is used by another schedule; names must be unique."], errors);
    }

    [Fact]
    public void Validate_BadTriggerSettings_NamesTheirKeys()
    {
        var options = new ScheduleTriggerOptions { LateTolerance = TimeSpan.FromHours(2), RetryInterval = TimeSpan.Zero, RequestTimeout = TimeSpan.Zero };

        Assert.Equal(
            [
                "EdgeFlows:ScheduleTrigger:LateTolerance must be between 0 and 1 hour.",
                "EdgeFlows:ScheduleTrigger:RetryInterval must be at least 100 ms.",
                "EdgeFlows:ScheduleTrigger:RequestTimeout must be at least 1 second.",
            ],
            options.Validate());
    }

    [Fact]
    public void Bind_HostJsonShape_ReadsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EdgeFlows:Schedules:0:Name"] = "nightly",
            ["EdgeFlows:Schedules:0:Schedule"] = "0 0 2 * * *",
            ["EdgeFlows:Schedules:0:TimeZone"] = "W. Europe Standard Time",
            ["EdgeFlows:Schedules:0:Datasets:0"] = "sales",
            ["EdgeFlows:Schedules:0:Datasets:1"] = "churn",
            ["EdgeFlows:Schedules:0:MissedOccurrences"] = "Skip",
            ["EdgeFlows:Schedules:0:SkipIfUnchanged"] = "true",
            ["EdgeFlows:ScheduleTrigger:LateTolerance"] = "00:00:30",
        }).Build();

        var options = Resolve(configuration);

        var schedule = Assert.Single(options.Schedules);
        Assert.Equal(("nightly", "0 0 2 * * *", "W. Europe Standard Time"), (schedule.Name, schedule.Schedule, schedule.TimeZone));
        Assert.Equal(["sales", "churn"], schedule.EffectiveDatasets);
        Assert.Equal((MissedOccurrences.Skip, true, "Retrain"), (schedule.MissedOccurrences, schedule.SkipIfUnchanged, schedule.Orchestrator));
        Assert.Equal(TimeSpan.FromSeconds(30), options.LateTolerance);
    }

    private static ScheduleTriggerOptions Options(params ScheduleOptions[] schedules)
    {
        var options = new ScheduleTriggerOptions();
        foreach (var schedule in schedules)
        {
            options.Schedules.Add(schedule);
        }

        return options;
    }

    private static IReadOnlyList<string> Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        try
        {
            Resolve(configuration);
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (InvalidOperationException ex)
        {
            // The binder refuses an enum value it cannot read, naming the key.
            return [ex.Message + " " + ex.InnerException?.Message];
        }
    }

    private static ScheduleTriggerOptions Resolve(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddDurableRuntime(runtime => runtime.AddScheduleTrigger(configuration));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ScheduleTriggerOptions>>().Value;
    }
}
