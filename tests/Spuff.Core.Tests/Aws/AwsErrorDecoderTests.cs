using System.Net;
using System.Net.Sockets;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>The SDK's exceptions → the shared error kinds, for the codes moto cannot produce.</summary>
public sealed class AwsErrorDecoderTests
{
    [Theory]
    [InlineData("AuthFailure", HttpStatusCode.Unauthorized, ProviderErrorKind.Authentication)]
    [InlineData("UnauthorizedOperation", HttpStatusCode.Forbidden, ProviderErrorKind.Authentication)]
    [InlineData("InvalidClientTokenId", HttpStatusCode.Forbidden, ProviderErrorKind.Authentication)]
    [InlineData("ExpiredToken", HttpStatusCode.BadRequest, ProviderErrorKind.Authentication)]
    [InlineData("InvalidInstanceID.NotFound", HttpStatusCode.BadRequest, ProviderErrorKind.NotFound)]
    [InlineData("InvalidAMIID.NotFound", HttpStatusCode.BadRequest, ProviderErrorKind.NotFound)]
    [InlineData("InvalidAMIID.Unavailable", HttpStatusCode.BadRequest, ProviderErrorKind.NotFound)]
    [InlineData("InvalidSnapshot.NotFound", HttpStatusCode.BadRequest, ProviderErrorKind.NotFound)]
    [InlineData("InvalidInstanceID.Malformed", HttpStatusCode.BadRequest, ProviderErrorKind.InvalidConfig)]
    [InlineData("InstanceLimitExceeded", HttpStatusCode.BadRequest, ProviderErrorKind.QuotaExceeded)]
    [InlineData("VcpuLimitExceeded", HttpStatusCode.BadRequest, ProviderErrorKind.QuotaExceeded)]
    [InlineData("InvalidParameterValue", HttpStatusCode.BadRequest, ProviderErrorKind.InvalidConfig)]
    [InlineData("InvalidParameterCombination", HttpStatusCode.BadRequest, ProviderErrorKind.InvalidConfig)]
    [InlineData("IdempotentParameterMismatch", HttpStatusCode.BadRequest, ProviderErrorKind.InvalidConfig)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, ProviderErrorKind.RateLimit)]
    [InlineData("Throttling", HttpStatusCode.BadRequest, ProviderErrorKind.RateLimit)]
    [InlineData("InsufficientInstanceCapacity", HttpStatusCode.InternalServerError, ProviderErrorKind.Api)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, ProviderErrorKind.Api)]
    public void Decode_Ec2ErrorCode_MapsToKindAndKeepsCodeStatusAndRequestId(string code, HttpStatusCode status, ProviderErrorKind kind)
    {
        var sdk = new AmazonEC2Exception("The thing failed", ErrorType.Sender, code, "req-123", status);

        var error = AwsErrorDecoder.Decode(sdk, "RunInstances");

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal("aws", error.Provider);
        Assert.Equal("RunInstances", error.Operation);
        Assert.Contains(code, error.Message);
        Assert.Contains("req-123", error.Message);
        Assert.Same(sdk, error.InnerException);
    }

    [Fact]
    public void Decode_SsmAccessDenied_IsAuthentication()
    {
        var sdk = new AmazonSimpleSystemsManagementException("denied", ErrorType.Sender, "AccessDeniedException", "r-1", HttpStatusCode.BadRequest);

        Assert.Equal(ProviderErrorKind.Authentication, AwsErrorDecoder.Decode(sdk, "GetParameter").Kind);
    }

    [Fact]
    public void Decode_InvalidInstanceType_NamesTheSizeField()
    {
        var sdk = new AmazonEC2Exception("bad type", ErrorType.Sender, "InvalidInstanceType", "r", HttpStatusCode.BadRequest);

        Assert.Equal("Size", AwsErrorDecoder.Decode(sdk, "RunInstances").Field);
    }

    [Fact]
    public void Decode_NotFoundWithContext_KeepsResourceTypeAndId()
    {
        var sdk = new AmazonEC2Exception("gone", ErrorType.Sender, "InvalidInstanceID.NotFound", "r", HttpStatusCode.BadRequest);

        var error = AwsErrorDecoder.Decode(sdk, "DescribeInstances", "instance", "i-0123456789abcdef0");

        Assert.Equal("instance", error.ResourceType);
        Assert.Equal("i-0123456789abcdef0", error.ResourceId);
        Assert.True(AwsErrorDecoder.IsGone(error));
    }

    [Fact]
    public void Decode_HttpRequestException_IsNetwork()
    {
        var error = AwsErrorDecoder.Decode(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)), "DescribeInstances");

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Decode_NetworkFailureInsideAClientException_IsNetwork()
    {
        var sdk = new AmazonClientException("request failed", new IOException("connection reset"));

        Assert.Equal(ProviderErrorKind.Network, AwsErrorDecoder.Decode(sdk, "DescribeInstances").Kind);
    }

    [Fact]
    public void Decode_SdkTimeout_IsNetwork()
    {
        var error = AwsErrorDecoder.Decode(new TaskCanceledException("timed out"), "DescribeInstances");

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public void Decode_CredentialResolutionFailure_IsAuthenticationWithFix()
    {
        var sdk = new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors:\nException 1 of 4: ...");

        var error = AwsErrorDecoder.Decode(sdk, "ResolveCredentials");

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
        Assert.Contains("-ProfileName", error.Message);
        Assert.DoesNotContain("Exception 1 of 4", error.Message);
    }

    [Fact]
    public void Decode_ServiceErrorWithoutCode_IsApiWithStatus()
    {
        var sdk = new AmazonEC2Exception("The service returned an error with HTTP Body: <html>", ErrorType.Unknown, null, "r-9", HttpStatusCode.BadGateway);

        var error = AwsErrorDecoder.Decode(sdk, "DescribeInstances");

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Equal("r-9", error.RequestId);
    }

    [Fact]
    public void Decode_AnythingElse_IsOther()
    {
        Assert.Equal(ProviderErrorKind.Other, AwsErrorDecoder.Decode(new InvalidOperationException("odd"), "X").Kind);
    }

    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(HttpRequestException))]
    public async Task Caller_CancelledAndTheCallBreaks_IsCancellationNotNetwork(Type thrown)
    {
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new AwsCaller(null).CallAsync<Amazon.EC2.Model.DescribeInstancesResponse>(
            "EC2",
            "DescribeInstances",
            _ =>
            {
                cancel.Cancel();
                throw (Exception)Activator.CreateInstance(thrown, "aborted")!;
            },
            cancel.Token));
    }
}
