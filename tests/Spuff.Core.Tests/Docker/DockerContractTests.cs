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

    protected override async Task<string> CreateUnmanagedInstanceAsync() =>
        await _engine.DockerOkAsync("run", "-d", "--label", "owner=someone-else", _engine.Image, "sleep", "600");
}
