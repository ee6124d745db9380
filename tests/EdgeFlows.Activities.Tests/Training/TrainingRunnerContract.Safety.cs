// Names from datasets and blobs never reach a shell, and SAS signatures never leave the spec
// file, which is private to the job's user and deleted when the job ends.
using System.Runtime.Versioning;
using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

public abstract partial class TrainingRunnerContract
{
    [Fact]
    public async Task StartAsync_NamesWithShellSyntax_UsedLiterallyAndNothingInjected()
    {
        var markers = TestFolders.Create("markers");
        var evil = $"x'; touch {markers}/a #$(touch {markers}/b)`touch {markers}/c`\"; touch {markers}/d\".csv";
        var jobId = NewJobId("names");
        var input = await Blobs.InputAsync(evil, $"in/{jobId}/data.csv", "1,2,3");
        var workRoot = Path.Join(WorkRoot, $"root 'q' $(touch {markers}/e) `touch {markers}/f`");

        var started = await StartAsync(Shell(jobId, "cat \"inputs/$1\" > outputs/copy.csv") with
        {
            Command = ["sh", "-c", "cat \"inputs/$1\" > outputs/copy.csv", "sh", evil],
            Inputs = [input],
            Outputs = [Blobs.Output("copy.csv", $"out/{jobId}/copy.csv")],
        }, target: CreateTarget(workRoot));
        var done = await JobWaits.FinishedAsync(Runner, CreateTarget(workRoot), jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        Assert.Equal("1,2,3", await Blobs.ReadAsync($"out/{jobId}/copy.csv"));
        Assert.True(File.Exists(Path.Join(JobFolder(jobId, workRoot), "inputs", evil)));
        Assert.Empty(Directory.GetFileSystemEntries(markers));
        Assert.NotEqual(TrainingJobPhase.NotFound, started.Phase);
    }

    [Theory]
    [InlineData("x'; touch MARKER #")]
    [InlineData("$(touch MARKER)")]
    [InlineData("`touch MARKER`")]
    [InlineData("../escape")]
    [InlineData("-rf")]
    [InlineData("")]
    public async Task StartAsync_JobIdWithShellSyntaxOrPath_RejectedBeforeAnythingRuns(string jobId)
    {
        var markers = TestFolders.Create("markers");
        var id = jobId.Replace("MARKER", Path.Join(markers, "pwned"), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Runner.StartAsync(Target, Shell(id, "true")));
        var statusError = await Assert.ThrowsAsync<ArgumentException>(() => Runner.GetStatusAsync(Target, id));

        Assert.Contains("Job id", error.Message, StringComparison.Ordinal);
        Assert.Contains("Job id", statusError.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(markers));
        Assert.False(Directory.Exists(Path.Join(WorkRoot, "jobs")) && Directory.GetFileSystemEntries(Path.Join(WorkRoot, "jobs")).Length > 0);
    }

    [Theory]
    [InlineData("../outside.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("line\nbreak")]
    public async Task StartAsync_InputNameLeavingItsFolder_Rejected(string name)
    {
        var input = Blobs.MissingInput(name, "in/never.csv");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Runner.StartAsync(Target, Shell(NewJobId("badname"), "true") with { Inputs = [input] }));

        Assert.Contains("Inputs name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(JobBlobs.SignatureOf(input), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task StartAsync_RunningJob_KeepsSpecPrivateToTheUser()
    {
        var jobId = NewJobId("private");
        await StartAsync(Shell(jobId, "while [ ! -e release ]; do sleep 0.05; done"));
        await JobWaits.UntilAsync(Runner, Target, jobId, s => s.Phase == TrainingJobPhase.Running);

        var mode = File.GetUnixFileMode(Path.Join(JobFolder(jobId), "spec.json"));
        await File.WriteAllTextAsync(Path.Join(JobFolder(jobId), "release"), "go");
        await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.False(File.Exists(Path.Join(JobFolder(jobId), "spec.json")), "spec.json (with SAS URLs) outlived the job");
    }

    [Fact]
    public async Task StartAsync_InputDownloadFails_ErrorNamesInputAndNoSignatureShows()
    {
        var jobId = NewJobId("nodata");
        var input = Blobs.MissingInput("train.csv", $"in/{jobId}/missing.csv");
        var output = Blobs.Output("model.json", $"out/{jobId}/model.json");

        await StartAsync(Shell(jobId, "true") with { Inputs = [input], Outputs = [output] });
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Failed, done.Phase);
        Assert.Contains("downloading input 'train.csv' failed: HTTP 404", done.Error, StringComparison.Ordinal);
        AssertNoSignature(jobId, done, input, output);
    }

    [Fact]
    public async Task StartAsync_SucceededJob_LeavesNoSignatureOnTargetOrInStatus()
    {
        var jobId = NewJobId("clean");
        var input = await Blobs.InputAsync("in.txt", $"in/{jobId}.txt", "x");
        var output = Blobs.Output("out.txt", $"out/{jobId}.txt");

        await StartAsync(Shell(jobId, "env; cp inputs/in.txt outputs/out.txt") with { Inputs = [input], Outputs = [output] });
        var done = await JobWaits.FinishedAsync(Runner, Target, jobId);

        Assert.Equal(TrainingJobPhase.Succeeded, done.Phase);
        AssertNoSignature(jobId, done, input, output);
    }

    private void AssertNoSignature(string jobId, TrainingJobStatus status, params TrainingJobFile[] files)
    {
        var onTarget = Directory.GetFiles(JobFolder(jobId), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/inputs/", StringComparison.Ordinal) && !f.Contains("/outputs/", StringComparison.Ordinal))
            .Select(f => (File: f, Text: File.ReadAllText(f)))
            .ToList();
        Assert.Contains(onTarget, f => f.File.EndsWith("state.json", StringComparison.Ordinal));
        foreach (var signature in files.SelectMany(JobBlobs.SignatureForms))
        {
            Assert.DoesNotContain(signature, status.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(signature, string.Join('\n', status.LastLogLines ?? []), StringComparison.Ordinal);
            Assert.DoesNotContain(signature, status.Error ?? string.Empty, StringComparison.Ordinal);
            Assert.All(onTarget, f => Assert.DoesNotContain(signature, f.Text, StringComparison.Ordinal));
        }
    }
}
