using Spuff.Core;
using Spuff.Core.Tests.Hetzner;
using Spuff.Providers.Hetzner;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

public class TokenShapeTests
{
    [Theory]
    [InlineData("hc-secret-part\nsecond-line")]
    [InlineData("hc-secret-part\u00a0tail")]
    public async Task Get_TokenWithCharactersAHeaderCannotCarry_IsAuthenticationWithoutTheToken(string token)
    {
        using var stub = new HetznerStub();
        stub.Json(stub.Path("servers/42"), 200, new { server = HetznerStub.ServerJson(42) });

        // Found by the factory (before any call) or at the latest by the first call: either way Authentication.
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            var provider = new HetznerFactory().Create(new ProviderOptions { Token = token, Endpoint = stub.Endpoint, Timeouts = HetznerStub.FastTimeouts });
            await provider.GetInstanceAsync("42");
        });

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.DoesNotContain("secret-part", error.ToString());
        Assert.Empty(stub.Server.LogEntries);
    }
}
