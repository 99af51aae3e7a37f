using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// Runs one SDK call: writes one Verbose line (service, operation, status, ms, request id — never credentials or
    /// user data) and turns any failure into a <see cref="ProviderException"/>. The SDK does its own retrying
    /// (standard mode); this wrapper adds none, so a create is never repeated here.
    /// </summary>
    internal sealed class AwsCaller
    {
        private readonly IProviderLog? _log;

        public AwsCaller(IProviderLog? log)
        {
            _log = log;
        }

        public async Task<T> CallAsync<T>(
            string service,
            string operation,
            Func<CancellationToken, Task<T>> call,
            CancellationToken cancellationToken,
            string? resourceType = null,
            string? resourceId = null)
            where T : AmazonWebServiceResponse
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await call(cancellationToken).ConfigureAwait(false);
                Write(ProviderLogLevel.Verbose, $"{service} {operation} -> {(int)response.HttpStatusCode} in {watch.ElapsedMilliseconds} ms (request id {response.ResponseMetadata?.RequestId ?? "none"})");
                return response;
            }
            catch (Exception error) when (cancellationToken.IsCancellationRequested && !(error is AmazonServiceException) && !(error is ProviderException))
            {
                // A call cancelled mid-flight can fail as its connection breaking: still the caller's cancellation.
                Write(ProviderLogLevel.Verbose, $"{service} {operation} cancelled after {watch.ElapsedMilliseconds} ms");
                if (error is OperationCanceledException)
                {
                    throw;
                }

                throw new OperationCanceledException($"AWS {operation} was cancelled.", error, cancellationToken);
            }
            catch (Exception error) when (!(error is ProviderException))
            {
                var decoded = AwsErrorDecoder.Decode(error, operation, resourceType, resourceId);
                var status = decoded.StatusCode.HasValue ? decoded.StatusCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response";
                Write(ProviderLogLevel.Verbose, $"{service} {operation} -> {status} {decoded.ErrorCode ?? decoded.Kind.ToString()} in {watch.ElapsedMilliseconds} ms (request id {decoded.RequestId ?? "none"})");
                throw decoded;
            }
        }

        public void Write(ProviderLogLevel level, string message) => _log?.Write(level, message);
    }
}
