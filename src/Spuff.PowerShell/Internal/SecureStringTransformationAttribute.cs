using System;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Turns what -Token was given into a <see cref="TokenArgument"/>: a string, a SecureString, a PSCredential
    /// (its password is the token), or a hashtable of those per provider. An empty token, a NUL character or any
    /// other type is refused here, during binding, so the error names -Token and no request is made.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            try
            {
                return TokenArgument.From(inputData);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentTransformationMetadataException("-Token: " + error.Message, error);
            }
        }
    }
}
