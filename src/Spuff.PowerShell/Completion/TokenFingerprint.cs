using System;
using System.Security.Cryptography;
using System.Text;

namespace Spuff.PowerShell.Completion
{
    /// <summary>
    /// The SHA-256 fingerprint (Base64) of a token, the same one Spuff.Providers' SessionCache keys sessions by:
    /// stable across processes and without the collisions of a 32-bit string hash, so two tokens never share a
    /// completion cache entry. Kept here because the cmdlet assembly does not expose Spuff.Providers types.
    /// </summary>
    internal static class TokenFingerprint
    {
        public static string Of(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return "-";
            }

            using (var sha = SHA256.Create())
            {
                return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(token)));
            }
        }
    }
}
