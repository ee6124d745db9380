// A container created for one test class and deleted after it.
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

/// <summary>A container created for one test class and deleted after it.</summary>
public sealed class ContainerFixture : IAsyncLifetime
{
    public BlobStorageClient Client { get; } = Azurite.CreateClient();

    public string Container { get; } = Azurite.NewContainerName("test");

    public async Task InitializeAsync() => await Client.CreateContainerIfNotExistsAsync(Container);

    public async Task DisposeAsync() => await Client.DeleteContainerIfExistsAsync(Container);
}
