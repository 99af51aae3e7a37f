using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Spuff.Providers.Http
{
    /// <summary>Adds the bearer token. The only place the token touches a request.</summary>
    internal sealed class AuthHandler : DelegatingHandler
    {
        private readonly string? _token;

        public AuthHandler(string? token)
        {
            _token = token;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(_token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
