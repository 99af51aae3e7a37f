using Spuff.Core;

namespace Spuff.Providers.Http
{
    /// <summary>The provider-specific half of error decoding: its body format and its codes that need a special kind.</summary>
    public interface IErrorDecoder
    {
        /// <summary>Parses an error body; never throws (an unreadable body gives <see cref="ErrorPayload.Empty"/>).</summary>
        ErrorPayload Parse(string body);

        /// <summary>A kind for a provider code that the status alone does not tell (e.g. 403 resource_limit_exceeded → QuotaExceeded); null to use the shared status table.</summary>
        ProviderErrorKind? KindForCode(int status, string? code);
    }
}
