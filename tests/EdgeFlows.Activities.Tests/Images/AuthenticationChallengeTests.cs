using EdgeFlows.Activities.Images;

namespace EdgeFlows.Activities.Tests.Images;

public class AuthenticationChallengeTests
{
    [Fact]
    public void Parse_BearerWithQuotedCommas_ReadsRealmServiceAndScopes()
    {
        var challenge = AuthenticationChallenge.Parse(
            "Bearer realm=\"https://r.example/oauth2/token\",service=\"r.example\",scope=\"repository:a/b:pull,push repository:c:pull\"");

        Assert.NotNull(challenge);
        Assert.True(challenge.IsBearer);
        Assert.Equal(("https://r.example/oauth2/token", "r.example"), (challenge.Realm, challenge.Service));
        Assert.Equal(["repository:a/b:pull,push", "repository:c:pull"], challenge.Scopes);
    }

    [Fact]
    public void Parse_BasicThenBearer_PrefersBearer()
    {
        var challenge = AuthenticationChallenge.Parse("Basic realm=\"x\", Bearer realm=\"https://t.example/token\",service=\"t\"");

        Assert.Equal(("Bearer", "https://t.example/token"), (challenge?.Scheme, challenge?.Realm));
    }

    [Fact]
    public void Parse_Basic_IsBasic()
    {
        Assert.True(AuthenticationChallenge.Parse("Basic realm=\"edgeflows-test\"")?.IsBasic);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Negotiate")]
    [InlineData("=\"")]
    public void Parse_NoBasicOrBearer_ReturnsNull(string header)
    {
        Assert.Null(AuthenticationChallenge.Parse(header));
    }
}
