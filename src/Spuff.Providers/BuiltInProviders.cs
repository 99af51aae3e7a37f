using System.Collections.Generic;
using Spuff.Core;

namespace Spuff.Providers
{
    /// <summary>
    /// The factories <see cref="ProviderRegistry.WithDefaults"/> registers (found by name, since Spuff.Core does not
    /// reference this assembly). A listed factory must not touch its SDK's types until <c>Create</c> runs, so that
    /// e.g. the AWS SDK loads only when an AWS provider is first used.
    /// </summary>
    public static class BuiltInProviders
    {
        public static IEnumerable<IProviderFactory> Factories
        {
            get
            {
                // Every provider (the AWS SDK's and Docker's HTTP clients too) is made after this point.
                Http.NetFrameworkDefaults.Apply();
                return All;
            }
        }

        private static IProviderFactory[] All => new IProviderFactory[]
        {
            new DigitalOcean.DigitalOceanFactory(),
            new Hetzner.HetznerFactory(),
            new Aws.AwsFactory(),
            new Docker.DockerFactory(),
        };
    }
}
