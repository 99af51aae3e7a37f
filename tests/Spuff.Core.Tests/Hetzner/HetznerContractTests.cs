using Spuff.Core.Tests.Contract;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>The shared provider contract, run against the local Hetzner emulator.</summary>
[Collection(HetznerEmulatorCollection.Name)]
public sealed class HetznerContractTests : ProviderContractTests
{
    private readonly HetznerEmulatorFixture _emulator;

    public HetznerContractTests(HetznerEmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    protected override string MissingInstanceId => "999999999";

    protected override string MissingSnapshotId => "999999998";

    protected override string ExpectedName => "hetzner";

    protected override Task<IProvider> CreateProviderAsync() => Task.FromResult(_emulator.CreateProvider());

    protected override InstanceRequest NewRequest(string name) => new InstanceRequest(name).WithLabel("purpose", "contract");

    protected override async Task<string> CreateUnmanagedInstanceAsync() =>
        (await _emulator.CreateRawServerAsync(UniqueName("raw"))).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
