using System;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SimpleSystemsManagement;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>The EC2 and SSM clients of one provider, sharing region, credentials and endpoint.</summary>
    internal sealed class AwsClients : IDisposable
    {
        private AwsClients(IAmazonEC2 ec2, IAmazonSimpleSystemsManagement ssm, string region)
        {
            Ec2 = ec2;
            Ssm = ssm;
            Region = region;
        }

        public IAmazonEC2 Ec2 { get; }

        public IAmazonSimpleSystemsManagement Ssm { get; }

        public string Region { get; }

        /// <summary>
        /// Builds the clients. A named profile is looked up in the shared files (Authentication when it does not
        /// exist); otherwise the SDK's default chain (environment, shared files, web identity, container and instance
        /// roles) is walked once now, and finding nothing is Authentication, before any EC2 call. Only the role
        /// steps of the chain touch the network (the instance metadata service), as every AWS tool does.
        /// </summary>
        public static AwsClients Create(AwsSettings settings, ProviderTimeouts timeouts)
        {
            AWSCredentials? credentials = null;
            CredentialProfile? profile = null;
            var chain = new CredentialProfileStoreChain();
            if (settings.ProfileName != null)
            {
                if (!chain.TryGetProfile(settings.ProfileName, out profile) || !chain.TryGetAWSCredentials(settings.ProfileName, out credentials))
                {
                    throw ProviderException.Authentication(
                        AwsErrorDecoder.ProviderName,
                        $"the AWS profile '{settings.ProfileName}' was not found in the shared credentials or config file; {AwsErrorDecoder.CredentialsHelp}.");
                }
            }
            else if (settings.ExplicitRegion == null)
            {
                chain.TryGetProfile("default", out profile);
            }

            var region = settings.ExplicitRegion ?? profile?.Region?.SystemName ?? AwsSettings.FallbackRegion;
            var ec2Config = Configure(new AmazonEC2Config(), settings, region, timeouts);
            var ssmConfig = Configure(new AmazonSimpleSystemsManagementConfig(), settings, region, timeouts);
            try
            {
                // Without explicit credentials the SDK walks its default chain here, in the client's constructor.
                credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials(ec2Config);
            }
            catch (Exception error) when (!(error is ProviderException))
            {
                throw AwsErrorDecoder.Decode(error, "ResolveCredentials");
            }

            var ec2 = new AmazonEC2Client(credentials, ec2Config);
            var ssm = new AmazonSimpleSystemsManagementClient(credentials, ssmConfig);
            return new AwsClients(ec2, ssm, region);
        }

        private static T Configure<T>(T config, AwsSettings settings, string region, ProviderTimeouts timeouts)
            where T : ClientConfig
        {
            // RegionEndpoint and ServiceURL exclude each other in the SDK: with an endpoint override the region is
            // still needed to sign requests, so it goes to AuthenticationRegion.
            if (settings.Endpoint != null)
            {
                config.ServiceURL = settings.Endpoint.ToString();
                config.AuthenticationRegion = region;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }

            config.RetryMode = RequestRetryMode.Standard;
            config.Timeout = timeouts.HttpRequest;
            return config;
        }

        public void Dispose()
        {
            Ec2.Dispose();
            Ssm.Dispose();
        }
    }
}
