using System;
using System.Collections.Generic;

namespace Spuff.Providers.Http
{
    /// <summary>What a provider's error body says, parsed by its <see cref="IErrorDecoder"/>.</summary>
    public sealed class ErrorPayload
    {
        public static ErrorPayload Empty { get; } = new ErrorPayload(null, null);

        public ErrorPayload(string? code, string? message, IReadOnlyList<string>? fields = null, string? requestId = null)
        {
            Code = code;
            Message = message;
            Fields = fields ?? Array.Empty<string>();
            RequestId = requestId;
        }

        /// <summary>The provider's error code ("unprocessable_entity", "invalid_input").</summary>
        public string? Code { get; }

        public string? Message { get; }

        /// <summary>The request fields the provider blames, when it names them.</summary>
        public IReadOnlyList<string> Fields { get; }

        /// <summary>The cmdlet parameter (Size, Region, Image, Name, SshKey, UserData, Label) behind the blamed
        /// field, as the provider's decoder maps its wire names; null when it cannot tell. Recommendations name
        /// this, never a wire field such as server_type.</summary>
        public string? Parameter { get; set; }

        /// <summary>A kind the body's message tells although status and code do not (DigitalOcean's droplet limit is
        /// a 422 unprocessable_entity whose message says so); null to use the code and the status.</summary>
        public Spuff.Core.ProviderErrorKind? Kind { get; set; }

        /// <summary>A request id carried in the body (DigitalOcean's request_id).</summary>
        public string? RequestId { get; }
    }
}
