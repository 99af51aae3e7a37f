using Spuff.Core;

namespace Spuff.Providers
{
    /// <summary>The rule every provider applies to user data before any request: text without NUL characters
    /// (cloud-init, shells and the providers' JSON all cut or refuse it).</summary>
    internal static class UserDataText
    {
        public static void Check(string? userData)
        {
            var at = userData == null ? -1 : userData.IndexOf('\0');
            if (at >= 0)
            {
                throw ProviderException.InvalidConfig("UserData", $"the user data contains a NUL character at position {at + 1}; user data is a script or cloud-config text.");
            }
        }
    }
}
