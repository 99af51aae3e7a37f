using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Spuff.Core;

namespace Spuff.Providers.Aws
{
    /// <summary>
    /// The EC2 ClientToken of a create. A caller's <see cref="InstanceRequest.IdempotencyToken"/> is used as it is.
    /// Otherwise the token is derived from everything the request asks for (name, region, size, image, labels, key,
    /// a hash of the user data), so running the same create again — after a lost response, a Ctrl+C, a crashed
    /// script — returns the instance the first attempt launched instead of a second one. EC2 remembers a token even
    /// after the instance is terminated, so each derived token has generations (…-1, …-2, …): the first whose
    /// instance is missing is used, one whose instance is alive is that instance, and a terminated one moves on.
    /// </summary>
    internal static class AwsIdempotency
    {
        public const int Generations = 8;

        public static IReadOnlyList<string> Candidates(InstanceRequest request, string region, string? zone, string size, string? keyName)
        {
            if (request.IdempotencyToken != null)
            {
                return new[] { request.IdempotencyToken };
            }

            var root = Derive(request, region, zone, size, keyName);
            return Enumerable.Range(1, Generations).Select(g => $"{root}-{g}").ToArray();
        }

        public static bool IsExplicit(InstanceRequest request) => request.IdempotencyToken != null;

        /// <summary>
        /// True when EC2 refused a client token as used up: its instance was terminated (IdempotentInstanceTerminated,
        /// which EC2 answers for a day or more after the termination) or it was used with other parameters
        /// (IdempotentParameterMismatch). A derived token then moves to its next generation.
        /// </summary>
        public static bool IsSpent(ProviderException error) =>
            error.ErrorCode == "IdempotentInstanceTerminated" || error.ErrorCode == "IdempotentParameterMismatch";

        /// <summary>A fresh token for when every generation has been used (eight creates of the same request).</summary>
        public static string Fresh() => "spuff-" + Guid.NewGuid().ToString("N");

        internal static string Derive(InstanceRequest request, string region, string? zone, string size, string? keyName)
        {
            var text = new StringBuilder("spuff-v1\n");
            Append(text, request.Name.Trim());
            Append(text, region);
            Append(text, zone ?? string.Empty);
            Append(text, size);
            Append(text, request.Image.ToString());
            Append(text, keyName ?? string.Empty);
            Append(text, request.UserData == null ? "-" : Hex(Encoding.UTF8.GetBytes(request.UserData)));
            foreach (var pair in (request.Labels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Append(text, pair.Key + "=" + pair.Value);
            }

            return "spuff-" + Hex(Encoding.UTF8.GetBytes(text.ToString())).Substring(0, 40);
        }

        private static void Append(StringBuilder text, string value) =>
            text.Append(value.Length).Append(':').Append(value).Append('\n');

        private static string Hex(byte[] data)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(data);
                var text = new StringBuilder(hash.Length * 2);
                foreach (var b in hash)
                {
                    text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }

                return text.ToString();
            }
        }
    }
}
