using EdgeFlows.Activities.Training;

namespace EdgeFlows.Activities.Tests.Training;

public class TrainingJobIdsTests
{
    [Theory]
    [InlineData("retrain-42")]
    [InlineData("a")]
    [InlineData("A.b_c-9")]
    public void IsValid_SafeIds_True(string id) => Assert.True(TrainingJobIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-option")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a'b")]
    [InlineData("a$b")]
    [InlineData("a\n")]
    public void IsValid_UnsafeIds_False(string id) => Assert.False(TrainingJobIds.IsValid(id));

    [Fact]
    public void IsValid_LongerThanLimit_False() =>
        Assert.False(TrainingJobIds.IsValid(new string('a', TrainingJobIds.MaxLength + 1)));

    [Fact]
    public void FromInstanceId_ValidId_KeptAsItIs() =>
        Assert.Equal("retrain-7-train", TrainingJobIds.FromInstanceId("retrain-7", "train"));

    [Theory]
    [InlineData("retrain:breast cancer/2026-11-22T05:00:00Z")]
    [InlineData("'; touch /tmp/pwned #")]
    [InlineData("$(reboot)")]
    public void FromInstanceId_UnsafeCharacters_ValidStableAndDistinct(string instanceId)
    {
        var id = TrainingJobIds.FromInstanceId(instanceId);

        Assert.True(TrainingJobIds.IsValid(id), id);
        Assert.Equal(id, TrainingJobIds.FromInstanceId(instanceId));
        Assert.NotEqual(id, TrainingJobIds.FromInstanceId(instanceId + "x"));
    }

    [Fact]
    public void FromInstanceId_VeryLong_CutToTheLimit()
    {
        var id = TrainingJobIds.FromInstanceId(new string('x', 500) + "/1");

        Assert.True(TrainingJobIds.IsValid(id), id);
        Assert.Equal(TrainingJobIds.MaxLength, id.Length);
    }

    [Fact]
    public void Validate_Invalid_MessageSaysWhatIsAllowed()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingJobIds.Validate("a b"));

        Assert.Contains("'a b' is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("A-Z, a-z, 0-9", error.Message, StringComparison.Ordinal);
    }
}
