using System.Net.Http;

namespace Spuff.Providers.Http
{
    /// <summary>Per-request facts the handlers read. Kept on the request so the handler chain stays stateless.</summary>
    public static class RequestFlags
    {
        private const string IdempotentKey = "spuff.idempotent";

        /// <summary>GET, HEAD, PUT, DELETE, OPTIONS are idempotent; a POST only when the caller says so.</summary>
        public static bool IsIdempotent(HttpRequestMessage request)
        {
            if (request.Properties.TryGetValue(IdempotentKey, out var value) && value is bool flag)
            {
                return flag;
            }

            var method = request.Method.Method.ToUpperInvariant();
            return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
        }

        public static void SetIdempotent(HttpRequestMessage request, bool idempotent) =>
            request.Properties[IdempotentKey] = idempotent;
    }
}
