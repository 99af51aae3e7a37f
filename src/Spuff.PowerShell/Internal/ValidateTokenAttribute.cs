using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Refuses an empty, blank or malformed -Token at binding. An empty token must not silently fall back to the
    /// environment variable (a script passing an empty per-tenant token would act on the default account), and a
    /// token with a NUL or other control character would be cut or rejected by the provider.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTokenAttribute : ValidateArgumentsAttribute
    {
        /// <summary>No provider issues tokens anywhere near this long.</summary>
        public const int MaxLength = 4096;

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value == null)
            {
                throw new ValidationMetadataException("The token is null. Pass the token, or leave -Token out to use the environment variable.");
            }

            if (value is TokenArgument tokens)
            {
                // What SecureStringTransformation made of a string, PSCredential or per-provider hashtable.
                foreach (var token in tokens.All)
                {
                    Validate(token, engineIntrinsics);
                }

                return;
            }

            if (!(value is SecureString secure))
            {
                // Another parameter type (a PSCredential, say) is checked where it is turned into a token.
                return;
            }

            if (secure.Length == 0)
            {
                throw new ValidationMetadataException("The token is empty. Pass the token, or leave -Token out to use the environment variable.");
            }

            if (secure.Length > MaxLength)
            {
                throw new ValidationMetadataException($"The token is {secure.Length} characters long; no provider issues tokens longer than {MaxLength}.");
            }

            var pointer = IntPtr.Zero;
            var blank = true;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                for (var i = 0; i < secure.Length; i++)
                {
                    var c = (char)Marshal.ReadInt16(pointer, i * 2);
                    if (char.IsControl(c) || char.IsWhiteSpace(c) && c != ' ')
                    {
                        throw new ValidationMetadataException($"The token contains a control character (U+{(int)c:X4}) at position {i + 1}; a token never has one.");
                    }

                    blank &= char.IsWhiteSpace(c);
                }
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }

            if (blank)
            {
                throw new ValidationMetadataException("The token is only whitespace. Pass the token, or leave -Token out to use the environment variable.");
            }
        }
    }
}
