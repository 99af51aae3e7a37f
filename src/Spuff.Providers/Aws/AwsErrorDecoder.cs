using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// Turns what the AWS SDK throws (after its own standard-mode retries) into the shared error kinds, keyed by the
    /// service's error code, and keeps the code, the HTTP status and the request id for support tickets.
    /// </summary>
    internal static class AwsErrorDecoder
    {
        public const string ProviderName = "aws";

        public const string CredentialsHelp =
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), run 'aws configure', or pass -ProfileName with a profile from ~/.aws/credentials or ~/.aws/config";

        public static ProviderException Decode(Exception error, string operation, string? resourceType = null, string? resourceId = null)
        {
            var decoded = DecodeCore(error, operation, resourceType, resourceId);
            decoded.Provider = ProviderName;
            decoded.Operation ??= operation;
            decoded.ResourceType ??= resourceType;
            decoded.ResourceId ??= resourceId;
            return decoded;
        }

        private static ProviderException DecodeCore(Exception error, string operation, string? resourceType, string? resourceId)
        {
            if (error is ProviderException already)
            {
                return already;
            }

            if (error is AmazonServiceException service && !string.IsNullOrEmpty(service.ErrorCode))
            {
                return FromService(service, operation, resourceType, resourceId);
            }

            var network = FindNetworkCause(error);
            if (network != null)
            {
                return ProviderException.Network($"AWS {operation} could not reach the service: {network.Message}", error);
            }

            if (error is OperationCanceledException)
            {
                // Not the caller's cancellation (the caller checks that first): the SDK's HTTP timeout.
                return ProviderException.Network($"AWS {operation} timed out waiting for the service.", error);
            }

            if (error is AmazonClientException && IsCredentialFailure(error.Message))
            {
                var auth = ProviderException.Authentication(ProviderName, $"no AWS credentials were found ({FirstLine(error.Message)}); {CredentialsHelp}.");
                return new ProviderException(auth.Kind, auth.Message, error);
            }

            if (error is AmazonServiceException status)
            {
                var api = ProviderException.Api((int)status.StatusCode, $"AWS {operation} failed: {error.Message}");
                api.RequestId = status.RequestId;
                return new ProviderException(api.Kind, api.Message, error) { StatusCode = api.StatusCode, RequestId = api.RequestId };
            }

            return ProviderException.Other($"AWS {operation} failed: {error.Message}", error);
        }

        private static ProviderException FromService(AmazonServiceException error, string operation, string? resourceType, string? resourceId)
        {
            var code = error.ErrorCode;
            var status = (int)error.StatusCode;
            var detail = $"{error.Message} ({code}, HTTP {status}, request id {error.RequestId ?? "none"})";
            ProviderException result;
            switch (Classify(code))
            {
                case ProviderErrorKind.Authentication:
                    result = ProviderException.Authentication(ProviderName, $"AWS {operation}: {detail}. Check the credentials and their IAM permissions: {CredentialsHelp}.");
                    break;
                case ProviderErrorKind.NotFound:
                    result = new ProviderException(ProviderErrorKind.NotFound, $"AWS {operation}: {detail}")
                    {
                        ResourceType = resourceType ?? ResourceTypeOf(code),
                        ResourceId = resourceId,
                    };
                    break;
                case ProviderErrorKind.QuotaExceeded:
                    result = ProviderException.QuotaExceeded(resourceType ?? "instance", $"AWS {operation}: {detail}. Ask AWS for a higher limit in the Service Quotas console.");
                    break;
                case ProviderErrorKind.InvalidConfig:
                    var field = FieldOf(code) ?? FieldInMessage(detail);
                    result = field == null
                        ? new ProviderException(ProviderErrorKind.InvalidConfig, $"AWS {operation} rejected the request: {detail}")
                        : ProviderException.InvalidConfig(field, $"AWS {operation}: {detail}");
                    break;
                case ProviderErrorKind.RateLimit:
                    result = ProviderException.RateLimit(null, $"AWS {operation} was throttled after the SDK's retries: {detail}");
                    break;
                default:
                    result = ProviderException.Api(status, $"AWS {operation}: {detail}");
                    break;
            }

            return new ProviderException(result.Kind, result.Message, error)
            {
                Field = result.Field,
                ResourceType = result.ResourceType,
                ResourceId = result.ResourceId,
                StatusCode = status,
                ErrorCode = code,
                RequestId = error.RequestId,
                Operation = operation,
            };
        }

        /// <summary>The shared kind for an AWS error code (EC2, SSM and the SDK's own auth codes).</summary>
        public static ProviderErrorKind Classify(string code)
        {
            switch (code)
            {
                case "AuthFailure":
                case "UnauthorizedOperation":
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "ExpiredToken":
                case "ExpiredTokenException":
                case "RequestExpired":
                case "AccessDenied":
                case "AccessDeniedException":
                case "UnrecognizedClientException":
                case "OptInRequired":
                case "Blocked":
                    return ProviderErrorKind.Authentication;
                case "InstanceLimitExceeded":
                case "VcpuLimitExceeded":
                case "ResourceLimitExceeded":
                case "AddressLimitExceeded":
                case "SnapshotLimitExceeded":
                case "VolumeLimitExceeded":
                case "MaxIOPSLimitExceeded":
                case "ResourceCountExceeded":
                case "TagLimitExceeded":
                case "ParameterLimitExceeded":
                    return ProviderErrorKind.QuotaExceeded;
                case "RequestLimitExceeded":
                case "Throttling":
                case "ThrottlingException":
                case "ThrottledException":
                case "TooManyRequestsException":
                case "SlowDown":
                    return ProviderErrorKind.RateLimit;
                case "InvalidParameterValue":
                case "InvalidParameterCombination":
                case "InvalidParameter":
                case "MissingParameter":
                case "UnknownParameter":
                case "ValidationError":
                case "ValidationException":
                case "Unsupported":
                case "UnsupportedOperation":
                case "InvalidInstanceType":
                case "InvalidInstanceType.NotFound":
                case "InvalidKeyPair.NotFound":
                case "InvalidKeyPair.Format":
                case "InvalidUserData.Malformed":
                case "InvalidAMIName.Malformed":
                case "InvalidAMIName.Duplicate":
                case "InvalidBlockDeviceMapping":
                case "IdempotentParameterMismatch":
                case "InvalidTagKey.Malformed":
                case "InvalidAvailabilityZone":
                    return ProviderErrorKind.InvalidConfig;
            }

            if (code.EndsWith(".Malformed", StringComparison.Ordinal))
            {
                return ProviderErrorKind.InvalidConfig;
            }

            if (code.EndsWith(".NotFound", StringComparison.Ordinal) || code.EndsWith(".Unavailable", StringComparison.Ordinal) || code == "ParameterNotFound")
            {
                return ProviderErrorKind.NotFound;
            }

            return ProviderErrorKind.Api;
        }

        /// <summary>True for the codes that mean "that instance or image is gone", which deletes treat as success.</summary>
        public static bool IsGone(ProviderException error) =>
            error.Kind == ProviderErrorKind.NotFound &&
            (error.ErrorCode == "InvalidInstanceID.NotFound" || error.ErrorCode == "InvalidAMIID.NotFound" ||
             error.ErrorCode == "InvalidAMIID.Unavailable" || error.ErrorCode == "InvalidSnapshot.NotFound");

        // "Value (t9.nano) for parameter instanceType is invalid": the wire parameter, as the cmdlet calls it.
        private static readonly System.Text.RegularExpressions.Regex ParameterInMessage =
            new System.Text.RegularExpressions.Regex(@"\bparameter (?<p>[A-Za-z.]+)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>The cmdlet parameter behind an EC2 request parameter named in an error message; null when unknown.</summary>
        private static string? FieldInMessage(string? message)
        {
            var match = message == null ? null : ParameterInMessage.Match(message);
            if (match == null || !match.Success)
            {
                return null;
            }

            switch (match.Groups["p"].Value.ToLowerInvariant())
            {
                case "instancetype": return "Size";
                case "imageid": return "Image";
                case "keyname": return "SshKey";
                case "userdata": return "UserData";
                case "availabilityzone":
                case "placement.availabilityzone": return "Region";
                case "name": return "Name";
                default: return null;
            }
        }

        private static string? FieldOf(string code)
        {
            if (code.StartsWith("InvalidInstanceType", StringComparison.Ordinal))
            {
                return "Size";
            }

            if (code.StartsWith("InvalidKeyPair", StringComparison.Ordinal))
            {
                return "SshKey";
            }

            if (code.StartsWith("InvalidUserData", StringComparison.Ordinal))
            {
                return "UserData";
            }

            if (code.StartsWith("InvalidAMIName", StringComparison.Ordinal))
            {
                return "Name";
            }

            if (code.StartsWith("InvalidInstanceID", StringComparison.Ordinal) || code.StartsWith("InvalidAMIID", StringComparison.Ordinal))
            {
                return "Id";
            }

            if (code == "IdempotentParameterMismatch")
            {
                return "IdempotencyToken";
            }

            if (code == "InvalidAvailabilityZone")
            {
                return "Region";
            }

            return null;
        }

        private static string ResourceTypeOf(string code)
        {
            if (code.StartsWith("InvalidInstanceID", StringComparison.Ordinal))
            {
                return "instance";
            }

            if (code.StartsWith("InvalidAMIID", StringComparison.Ordinal))
            {
                return "snapshot";
            }

            if (code.StartsWith("InvalidSnapshot", StringComparison.Ordinal))
            {
                return "ebs-snapshot";
            }

            return code == "ParameterNotFound" ? "parameter" : "resource";
        }

        private static bool IsCredentialFailure(string message) =>
            message.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0;

        private static Exception? FindNetworkCause(Exception error)
        {
            for (var current = error; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException || current is SocketException || current is WebException || current is IOException)
                {
                    return current;
                }
            }

            return null;
        }

        private static string FirstLine(string text)
        {
            var end = text.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? text : text.Substring(0, end);
        }
    }
}
