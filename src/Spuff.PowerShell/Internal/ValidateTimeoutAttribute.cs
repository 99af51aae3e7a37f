using System;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Refuses a -Timeout that is zero, negative or longer than a day at binding, so the command never starts
    /// (a wait that cannot time out, or one that overflows a timer, is a typo rather than an intent).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTimeoutAttribute : ValidateArgumentsAttribute
    {
        /// <summary>The longest timeout accepted.</summary>
        public static readonly TimeSpan Maximum = TimeSpan.FromDays(1);

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (!(value is TimeSpan timeout))
            {
                throw new ValidationMetadataException("Pass seconds (300) or a TimeSpan ('00:05:00').");
            }

            if (timeout <= TimeSpan.Zero)
            {
                throw new ValidationMetadataException($"The timeout must be positive, not {timeout}.");
            }

            if (timeout > Maximum)
            {
                throw new ValidationMetadataException($"The timeout {timeout} is longer than the maximum of {Maximum.TotalHours:0} hours.");
            }
        }
    }
}
