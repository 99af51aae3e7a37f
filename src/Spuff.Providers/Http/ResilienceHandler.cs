using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// Retries what is safe to retry (Polly v8): 429 for any request (the provider did not act on it); connection
    /// failures before anything was sent; and 502/503/504 (plus provider extras) and per-attempt timeouts only for
    /// idempotent requests. A creating POST that may have reached the provider is never retried: that is how
    /// duplicate servers are born.
    /// Every delay is bounded whatever the status: a backoff by <see cref="RetrySettings.MaxDelay"/>, a wait the
    /// response asks for (<see cref="RetryHint"/>) by <see cref="RetrySettings.MaxRetryAfter"/>. A 429 asking for
    /// longer is not retried: its error carries the true wait instead. A 5xx asking for longer is retried at the cap.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<bool> IdempotentKey = new ResiliencePropertyKey<bool>("spuff.idempotent");
        private static readonly Random JitterSource = new Random();
        private readonly HttpPipelineSettings _settings;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

        public ResilienceHandler(HttpPipelineSettings settings)
        {
            _settings = settings;
            var retry = settings.Retry;
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = settings.TimeProvider };
            if (retry.MaxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = retry.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retry.BaseDelay,
                    MaxDelay = retry.MaxDelay,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(IdempotentKey, false))),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(DelayFor(args.Outcome, args.AttemptNumber)),
                    OnRetry = args =>
                    {
                        _settings.Log?.Write(ProviderLogLevel.Debug, $"{_settings.DisplayName}: retry {args.AttemptNumber + 1} of {retry.MaxRetries} in {args.RetryDelay.TotalMilliseconds:0} ms after {Describe(args.Outcome)}");
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                });
            }

            builder.AddTimeout(settings.Timeouts.HttpRequest);
            _pipeline = builder.Build();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A request message can be sent only once, so each attempt sends a copy with the body buffered here.
            var body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(IdempotentKey, RequestFlags.IsIdempotent(request));
            try
            {
                var outcome = await _pipeline.ExecuteOutcomeAsync(
                    async (ctx, state) =>
                    {
                        try
                        {
                            var attempt = Copy(state.request, state.body);
                            var response = await base.SendAsync(attempt, ctx.CancellationToken).ConfigureAwait(false);
                            await BufferAsync(response, ctx.CancellationToken).ConfigureAwait(false);
                            return Outcome.FromResult(response);
                        }
                        catch (Exception ex)
                        {
                            return Outcome.FromException<HttpResponseMessage>(ex);
                        }
                    },
                    context,
                    (request, body)).ConfigureAwait(false);
                outcome.ThrowIfException();
                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>
        /// Reads the whole body inside the attempt, so a body that breaks off is an attempt's failure (retried where
        /// that is safe, then a Network error) and a body that stalls runs into the per-attempt timeout. Left to
        /// HttpClient, it would be read after the chain: a raw HttpRequestException, or a wait without end.
        /// </summary>
        private static async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            if (response.Content == null)
            {
                return;
            }

            // netstandard2.0 has no cancellable LoadIntoBufferAsync: disposing the response ends the read.
            using (cancellationToken.Register(state => ((HttpResponseMessage)state!).Dispose(), response))
            {
                try
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    response.Dispose();
                    throw new OperationCanceledException(cancellationToken);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
        }

        internal bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent)
        {
            if (outcome.Result is HttpResponseMessage response)
            {
                var status = (int)response.StatusCode;
                if (status == 429)
                {
                    var wait = RetryAfterOf(outcome);
                    return wait == null || wait <= _settings.Retry.MaxRetryAfter;
                }

                return idempotent && _settings.IdempotentRetryStatuses.Contains(status);
            }

            switch (outcome.Exception)
            {
                case null:
                    return false;
                case TimeoutRejectedException _:
                    return idempotent;
                case HttpRequestException http:
                    return idempotent || NeverSent(http);
                default:
                    return false;
            }
        }

        // A refused or unresolvable connection never reached the provider, so even a POST is safe to send again.
        private static bool NeverSent(Exception ex)
        {
            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket &&
                    (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound ||
                     socket.SocketErrorCode == SocketError.TryAgain || socket.SocketErrorCode == SocketError.NetworkUnreachable))
                {
                    return true;
                }
            }

            return false;
        }

        private TimeSpan? RetryAfterOf(Outcome<HttpResponseMessage> outcome) =>
            outcome.Result is HttpResponseMessage response ? RetryHint.Of(response, _settings) : null;

        /// <summary>
        /// The delay before the next attempt: the wait the response asks for, else exponential backoff with jitter;
        /// never more than the caps, never zero (a reset that has just passed still deserves a moment).
        /// </summary>
        internal TimeSpan DelayFor(Outcome<HttpResponseMessage> outcome, int attemptNumber)
        {
            var retry = _settings.Retry;
            var hint = RetryAfterOf(outcome);
            TimeSpan delay;
            if (hint.HasValue)
            {
                delay = hint.Value > retry.MaxRetryAfter ? retry.MaxRetryAfter : hint.Value;
            }
            else
            {
                var exponential = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
                var jittered = exponential * (0.8 + (0.4 * Jitter()));
                delay = TimeSpan.FromMilliseconds(Math.Min(jittered, retry.MaxDelay.TotalMilliseconds));
            }

            return delay < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : delay;
        }

        private static double Jitter()
        {
            lock (JitterSource)
            {
                return JitterSource.NextDouble();
            }
        }

        private static string Describe(Outcome<HttpResponseMessage> outcome) =>
            outcome.Result != null ? "HTTP " + (int)outcome.Result.StatusCode : outcome.Exception?.GetType().Name + ": " + outcome.Exception?.Message;

        private static HttpRequestMessage Copy(HttpRequestMessage original, byte[]? body)
        {
            var copy = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version };
            foreach (var header in original.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (var property in original.Properties)
            {
                copy.Properties[property.Key] = property.Value;
            }

            if (body != null)
            {
                copy.Content = new ByteArrayContent(body);
                foreach (var header in original.Content!.Headers)
                {
                    copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return copy;
        }
    }
}
