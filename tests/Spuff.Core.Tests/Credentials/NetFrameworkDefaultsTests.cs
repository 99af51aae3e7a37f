using System.Net;
using Spuff.Providers.Http;
using Xunit;

namespace Spuff.Core.Tests.Credentials;

public sealed class NetFrameworkDefaultsTests
{
    [Fact]
    public void Apply_Forced_AddsTls12AndRaisesTheConnectionLimit()
    {
#pragma warning disable SYSLIB0014 // ServicePointManager is what .NET Framework's HttpClient reads.
        var protocols = ServicePointManager.SecurityProtocol;
        var limit = ServicePointManager.DefaultConnectionLimit;
        try
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;
            ServicePointManager.DefaultConnectionLimit = 2;
            NetFrameworkDefaults.Apply(force: true);
            Assert.True(ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls12));
            Assert.True(ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls11));
            Assert.Equal(NetFrameworkDefaults.ConnectionLimit, ServicePointManager.DefaultConnectionLimit);
            Assert.True(NetFrameworkDefaults.ConnectionLimit > 2);

            ServicePointManager.DefaultConnectionLimit = 100;
            NetFrameworkDefaults.Apply(force: true);
            Assert.Equal(100, ServicePointManager.DefaultConnectionLimit);
        }
        finally
        {
            ServicePointManager.SecurityProtocol = protocols;
            ServicePointManager.DefaultConnectionLimit = limit;
        }
#pragma warning restore SYSLIB0014
    }

    [Fact]
    public void IsNetFramework_OnThisRuntime_IsFalse() => Assert.False(NetFrameworkDefaults.IsNetFramework);
}
