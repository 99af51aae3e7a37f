using Spuff.Core.Tests.Contract;
using Xunit;

namespace Spuff.Core.Tests.DigitalOcean;

/// <summary>The shared provider contract, run against the local DigitalOcean emulator.</summary>
[Collection(DigitalOceanEmulatorCollection.Name)]
public sealed class DigitalOceanContractTests : ProviderContractTests
{
    private readonly DigitalOceanEmulatorFixture _emulator;

    public DigitalOceanContractTests(DigitalOceanEmulatorFixture emulator) => _emulator = emulator;

    protected override string MissingInstanceId => "999999999";

    protected override string MissingSnapshotId => "999999998";

    protected override string ExpectedName => "digitalocean";

    protected override Task<IProvider> CreateProviderAsync() => Task.FromResult(_emulator.CreateProvider());

    protected override InstanceRequest NewRequest(string name) => new InstanceRequest(name).WithLabel("purpose", "contract");

    protected override Task<string> CreateUnmanagedInstanceAsync() => _emulator.CreateRawDropletAsync(UniqueName("raw"));
}
