using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>
    /// A provider's JSON client over the shared handler chain
    /// (errors → retries → rate-limit tracking → auth → debug log → pooled primary handler).
    /// Every failure surfaces as <see cref="ProviderException"/>.
    /// </summary>
    public sealed class ProviderHttpClient : IDisposable
    {
        /// <summary>snake_case on the wire, nulls left out, unknown fields ignored.</summary>
        public static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
        };

        private readonly HttpClient _client;

        public ProviderHttpClient(HttpPipelineSettings settings)
        {
            Settings = settings;
            var primary = settings.PrimaryHandlerFactory?.Invoke() ?? PrimaryHandlerPool.Create();
            var chain = new ErrorHandler(settings)
            {
                InnerHandler = new ResilienceHandler(settings)
                {
                    InnerHandler = new RateLimitHandler(settings)
                    {
                        InnerHandler = new AuthHandler(settings.Token)
                        {
                            InnerHandler = new LoggingHandler(settings) { InnerHandler = primary },
                        },
                    },
                },
            };

            // Per-attempt timeouts live in the resilience handler; HttpClient's own would cut retries short.
            _client = new HttpClient(chain, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _client.DefaultRequestHeaders.UserAgent.ParseAdd("Spuff/" + typeof(ProviderHttpClient).Assembly.GetName().Version);
            _client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        }

        public HttpPipelineSettings Settings { get; }

        public RateLimitTracker RateLimits => Settings.RateLimits;

        public Task<T> GetAsync<T>(string relativeOrAbsolute, CancellationToken cancellationToken) =>
            SendAsync<T>(HttpMethod.Get, relativeOrAbsolute, null, idempotent: true, cancellationToken);

        /// <summary>The resource, or default when the provider answers 404.</summary>
        public async Task<T?> GetOrDefaultAsync<T>(string relativeOrAbsolute, CancellationToken cancellationToken)
            where T : class
        {
            try
            {
                return await GetAsync<T>(relativeOrAbsolute, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.NotFound)
            {
                return null;
            }
        }

        /// <summary>Deletes; true when deleted now, false when it was already gone (404).</summary>
        public async Task<bool> DeleteAsync(string relativeOrAbsolute, CancellationToken cancellationToken)
        {
            try
            {
                using (await SendRawAsync(HttpMethod.Delete, relativeOrAbsolute, null, idempotent: true, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.NotFound)
            {
                return false;
            }
        }

        public async Task<T> SendAsync<T>(HttpMethod method, string relativeOrAbsolute, object? body, bool idempotent, CancellationToken cancellationToken)
        {
            using (var response = await SendRawAsync(method, relativeOrAbsolute, body, idempotent, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var value = await ResponseJson.ReadAsync<T>(response.Content, Json, cancellationToken).ConfigureAwait(false);
                    return value ?? throw new JsonException("empty body");
                }
                catch (JsonException ex)
                {
                    var error = ProviderException.Api((int)response.StatusCode, $"{Settings.DisplayName} sent a response Spuff cannot read for {method.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {ex.Message}");
                    error.Provider = Settings.ProviderName;
                    error.RequestId = ErrorMapper.ReadRequestId(response);
                    throw error;
                }
            }
        }

        /// <summary>Sends and returns the successful response (the caller disposes it).</summary>
        public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string relativeOrAbsolute, object? body, bool idempotent, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new HttpRequestMessage(method, Resolve(relativeOrAbsolute));
            RequestFlags.SetIdempotent(request, idempotent);
            if (body != null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");
            }

            return await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Relative paths resolve against the API root. Absolute links from the provider (next-page links) keep only
        /// their path and query: the token goes to the configured host and nowhere else.
        /// </summary>
        public Uri Resolve(string relativeOrAbsolute)
        {
            if (Uri.TryCreate(relativeOrAbsolute, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                var root = Settings.BaseAddress;
                return new UriBuilder(root.Scheme, root.Host, root.Port) { Path = absolute.AbsolutePath, Query = absolute.Query.TrimStart('?') }.Uri;
            }

            // Anything else absolute (ftp://, file:// from a UNC path, mailto:) or unparsable can only have come
            // from the provider's answer: a malformed answer is the provider's error, not a bug here.
            if (absolute != null || relativeOrAbsolute.StartsWith(@"\\", StringComparison.Ordinal) ||
                !Uri.TryCreate(Settings.BaseAddress, relativeOrAbsolute.TrimStart('/'), out var resolved) ||
                (resolved.Scheme != Uri.UriSchemeHttp && resolved.Scheme != Uri.UriSchemeHttps))
            {
                var error = ProviderException.Other($"{Settings.DisplayName} answered with a link Spuff cannot follow ('{Shorten(relativeOrAbsolute)}'): only http and https links on the API's own host are followed.");
                error.Provider = Settings.ProviderName;
                throw error;
            }

            return resolved;
        }

        private static string Shorten(string text) => text.Length > 120 ? text.Substring(0, 120) + "…" : text;

        public void Dispose() => _client.Dispose();
    }
}
