using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// What -Token was given: one token (a string, a SecureString, or a PSCredential whose password is the token),
    /// or one token per provider (a hashtable such as <c>@{ digitalocean = $do; hetzner = $hz }</c>, keys are
    /// provider names or aliases). The tokens stay SecureStrings until a provider is made.
    /// </summary>
    internal sealed class TokenArgument
    {
        private readonly Dictionary<ProviderType, SecureString> _perProvider;

        private TokenArgument(SecureString? single, Dictionary<ProviderType, SecureString> perProvider)
        {
            Single = single;
            _perProvider = perProvider;
        }

        /// <summary>One token for whichever provider the call uses; null when tokens are given per provider.</summary>
        public SecureString? Single { get; }

        public bool IsPerProvider => Single == null;

        /// <summary>Every token given (one, or one per provider), for validation.</summary>
        public IEnumerable<SecureString> All => Single != null ? new[] { Single } : (IEnumerable<SecureString>)_perProvider.Values;

        /// <summary>The token given for a provider: the single token, or its entry of the hashtable (null if none).</summary>
        public SecureString? For(ProviderType type) =>
            Single ?? (_perProvider.TryGetValue(type, out var token) ? token : null);

        /// <summary>Reads any value -Token accepts; throws <see cref="ArgumentException"/> naming what is wrong
        /// (never the token) for anything else, an empty token, or one with a NUL character.</summary>
        public static TokenArgument From(object? value)
        {
            value = Unwrap(value);
            if (value is TokenArgument already)
            {
                return already;
            }

            if (value is IDictionary table)
            {
                var perProvider = new Dictionary<ProviderType, SecureString>();
                foreach (DictionaryEntry entry in table)
                {
                    var key = Unwrap(entry.Key)?.ToString();
                    if (!ProviderTypeInfo.TryParse(key, out var type))
                    {
                        throw new ArgumentException($"'{key}' is not a provider name. Use {string.Join(", ", ProviderTypeInfo.SupportedNames)} (or an alias) as the keys of the -Token hashtable.");
                    }

                    if (!type.UsesToken())
                    {
                        throw new ArgumentException($"{type.GetName()} takes no token ({(type == ProviderType.Aws ? "it uses the AWS credential chain and -ProfileName" : "the local engine needs none")}); leave it out of the -Token hashtable.");
                    }

                    if (perProvider.ContainsKey(type))
                    {
                        throw new ArgumentException($"the -Token hashtable names {type.GetName()} twice.");
                    }

                    perProvider[type] = One(entry.Value, $"the -Token entry for {type.GetName()}");
                }

                if (perProvider.Count == 0)
                {
                    throw new ArgumentException("the -Token hashtable is empty. Give at least one token, e.g. @{ digitalocean = $token }.");
                }

                return new TokenArgument(null, perProvider);
            }

            return new TokenArgument(One(value, "the token"), new Dictionary<ProviderType, SecureString>());
        }

        /// <summary>The plain text of a token, for the one moment a provider is made.</summary>
        public static string ToPlainText(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer, secure.Length) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        private static SecureString One(object? value, string what)
        {
            value = Unwrap(value);
            SecureString secure;
            switch (value)
            {
                case null:
                    throw new ArgumentException($"{what} is null. Pass the token itself, or leave -Token out to use the environment.");
                case string text:
                    secure = FromText(text, what);
                    break;
                case SecureString given:
                    secure = given;
                    break;
                case PSCredential credential:
                    // Get-Credential, SecretManagement and automation accounts hand a token over as the password.
                    secure = credential.Password ?? throw new ArgumentException($"{what} is a PSCredential without a password; the password is the token.");
                    what += " (the PSCredential's password)";
                    break;
                default:
                    throw new ArgumentException($"{what} is of type {value.GetType().Name}; give a string, a SecureString, a PSCredential (the password is the token) or a hashtable of them per provider.");
            }

            Check(secure, what);
            return secure;
        }

        private static SecureString FromText(string text, string what)
        {
            if (text.Length == 0)
            {
                throw new ArgumentException($"{what} is empty. Pass the token itself, or leave -Token out to use the environment.");
            }

            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        // An empty token would silently fall back to the environment's account; a NUL would cut the header short.
        private static void Check(SecureString secure, string what)
        {
            if (secure.Length == 0)
            {
                throw new ArgumentException($"{what} is empty. Pass the token itself, or leave -Token out to use the environment.");
            }

            var plain = ToPlainText(secure);
            if (plain.Trim().Length == 0)
            {
                throw new ArgumentException($"{what} is only white space.");
            }

            var nul = plain.IndexOf('\0');
            if (nul >= 0)
            {
                throw new ArgumentException($"{what} contains a NUL character at position {nul + 1}; copy the token again.");
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
