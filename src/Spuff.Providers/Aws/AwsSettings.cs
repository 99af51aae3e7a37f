using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>What an AWS provider is configured with, read from <see cref="ProviderOptions"/> and the environment
    /// without touching the AWS SDK (the profile's own region is read later, on the SDK side).</summary>
    internal sealed class AwsSettings
    {
        /// <summary>The region used when neither the options, the environment nor the profile name one.</summary>
        public const string FallbackRegion = "us-east-1";

        /// <summary>Settings key: the SSM parameter that names the Ubuntu AMI, with {version} for e.g. 24.04.</summary>
        public const string UbuntuParameterSetting = "UbuntuParameter";

        /// <summary>Canonical's public parameter for the current amd64 gp3 Ubuntu server image of a release.</summary>
        public const string DefaultUbuntuParameter = "/aws/service/canonical/ubuntu/server/{version}/stable/current/amd64/hvm/ebs-gp3/ami-id";

        private static readonly Regex RegionPattern = new Regex(@"^[a-z]{2}(-[a-z]+)+-\d+\z", RegexOptions.CultureInvariant);

        private AwsSettings(string? region, Uri? endpoint, string? profileName, string ubuntuParameter)
        {
            ExplicitRegion = region;
            Endpoint = endpoint;
            ProfileName = profileName;
            UbuntuParameter = ubuntuParameter;
        }

        /// <summary>The region from the options or AWS_REGION / AWS_DEFAULT_REGION; null lets the profile decide.</summary>
        public string? ExplicitRegion { get; }

        public Uri? Endpoint { get; }

        /// <summary>-ProfileName, else AWS_PROFILE; null means the SDK's default chain.</summary>
        public string? ProfileName { get; }

        public string UbuntuParameter { get; }

        public static bool IsRegionName(string? value) => value != null && RegionPattern.IsMatch(value);

        public static AwsSettings Resolve(ProviderOptions options, Uri? endpoint)
        {
            var region = FirstNonEmpty(options.Region, Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
            if (region != null && !IsRegionName(region))
            {
                throw ProviderException.InvalidConfig("Region", $"'{region}' is not an AWS region name such as us-east-1 or eu-central-1.");
            }

            var profile = FirstNonEmpty(options.ProfileName, Environment.GetEnvironmentVariable("AWS_PROFILE"));
            var parameter = Setting(options.Settings, UbuntuParameterSetting) ?? DefaultUbuntuParameter;
            if (!parameter.Contains("{version}"))
            {
                throw ProviderException.InvalidConfig(UbuntuParameterSetting, "The SSM parameter name must contain {version}.");
            }

            return new AwsSettings(region, endpoint, profile, parameter);
        }

        private static string? Setting(IDictionary<string, string>? settings, string key) =>
            settings != null && settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        private static string? FirstNonEmpty(params string?[] values)
        {
            foreach (var value in values)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value!.Trim();
                }
            }

            return null;
        }
    }
}
