using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>The tests that share one moto_server; xunit runs them one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
