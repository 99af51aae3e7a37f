using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Amazon.SimpleSystemsManagement.Model;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// Turns an <see cref="ImageSpec"/> into an AMI id of the provider's region. Ubuntu comes from Canonical's SSM
    /// public parameter (the documented way), falling back to Canonical's images by name when the parameter cannot
    /// be read (no ssm:GetParameter permission, an emulator without it); Debian comes from the Debian project's
    /// images by name; AMI ids pass through.
    /// </summary>
    internal sealed class AwsImageResolver
    {
        public const string CanonicalOwner = "099720109477";
        public const string DebianOwner = "136693071363";

        private readonly AwsClients _clients;
        private readonly AwsCaller _caller;
        private readonly string _ubuntuParameter;

        public AwsImageResolver(AwsClients clients, AwsCaller caller, string ubuntuParameter)
        {
            _clients = clients;
            _caller = caller;
            _ubuntuParameter = ubuntuParameter;
        }

        public async Task<string> ResolveAsync(ImageSpec image, CancellationToken cancellationToken)
        {
            switch (image.Kind)
            {
                case ImageKind.Ubuntu:
                    return await UbuntuAsync(image.Value, cancellationToken).ConfigureAwait(false);
                case ImageKind.Debian:
                    return await NewestAsync(DebianOwner, $"debian-{image.Value}-amd64-*", "Debian " + image.Value, cancellationToken).ConfigureAwait(false)
                        ?? throw NoImage("Debian " + image.Value);
                default:
                    return image.Value;
            }
        }

        public string UbuntuParameterName(string version) => _ubuntuParameter.Replace("{version}", version);

        private async Task<string> UbuntuAsync(string version, CancellationToken cancellationToken)
        {
            var parameter = UbuntuParameterName(version);
            try
            {
                var response = await _caller.CallAsync(
                    "SSM",
                    "GetParameter",
                    ct => _clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, ct),
                    cancellationToken,
                    "parameter",
                    parameter).ConfigureAwait(false);
                var value = response.Parameter?.Value?.Trim();
                if (value != null && AwsValidation.IsAmiId(value))
                {
                    return value;
                }

                _caller.Write(ProviderLogLevel.Debug, $"SSM parameter {parameter} holds '{value}', not an AMI id; looking the image up by name instead.");
            }
            catch (ProviderException error) when (error.Kind == ProviderErrorKind.NotFound || error.Kind == ProviderErrorKind.Authentication)
            {
                _caller.Write(ProviderLogLevel.Debug, $"SSM parameter {parameter} could not be read ({error.ErrorCode}); looking the image up by name instead.");
            }

            return await NewestAsync(CanonicalOwner, $"ubuntu/images/hvm-ssd*/ubuntu-*-{version}-amd64-server-*", "Ubuntu " + version, cancellationToken).ConfigureAwait(false)
                ?? throw NoImage("Ubuntu " + version);
        }

        /// <summary>The newest available x86_64 image of an owner whose name matches, or null.</summary>
        private async Task<string?> NewestAsync(string owner, string namePattern, string what, CancellationToken cancellationToken)
        {
            var request = new DescribeImagesRequest
            {
                Owners = new List<string> { owner },
                Filters = new List<Filter>
                {
                    new Filter("name", new List<string> { namePattern }),
                    new Filter("state", new List<string> { "available" }),
                    new Filter("architecture", new List<string> { "x86_64" }),
                },
            };
            var response = await _caller.CallAsync(
                "EC2",
                "DescribeImages",
                ct => _clients.Ec2.DescribeImagesAsync(request, ct),
                cancellationToken,
                "image",
                what).ConfigureAwait(false);
            return (response.Images ?? new List<Image>())
                .OrderByDescending(i => AwsMapper.ParseDate(i.CreationDate) ?? DateTimeOffset.MinValue)
                .ThenByDescending(i => i.Name, StringComparer.Ordinal)
                .Select(i => i.ImageId)
                .FirstOrDefault();
        }

        private ProviderException NoImage(string what)
        {
            var error = ProviderException.InvalidConfig("Image", $"No {what} image was found in {_clients.Region}. Use another release or pass an AMI id.");
            error.Provider = AwsErrorDecoder.ProviderName;
            return error;
        }
    }
}
