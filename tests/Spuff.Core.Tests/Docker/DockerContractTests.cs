using Spuff.Core.Tests.Contract;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>The shared provider contract, against a real dockerd.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerContractTests : ProviderContractTests
{
    private readonly DockerEngineFixture _engine;

    public DockerContractTests(DockerEngineFixture engine)
    {
        _engine = engine;
    }

    protected override string MissingInstanceId => "spuff-missing-" + Guid.NewGuid().ToString("N")[..8];

    protected override string MissingSnapshotId => "sha256:" + new string('0', 64);

    protected override string ExpectedName => "docker";

    protected override Task<IProvider> CreateProviderAsync() => Task.FromResult<IProvider>(_engine.CreateProvider());

    protected override InstanceRequest NewRequest(string name) => _engine.Request(name);

    // Docker's Get hides containers spuff did not make, so ask the engine directly.
    protected override async Task<object?> FindUnmanagedAsync(string id)
    {
        var inspect = await _engine.DockerAsync("inspect", "--format", "{{.Id}}", id);
        return inspect.Exit == 0 ? inspect.Output : null;
    }

    protected override async Task<string> CreateUnmanagedInstanceAsync() =>
        await _engine.DockerOkAsync("run", "-d", "--label", "owner=someone-else", _engine.Image, "sleep", "600");
}
