using System;
using System.Globalization;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Lets -TimeToLive and -IdleShutdown take '4h', '30m', '2d', '1h30m' as well as a TimeSpan ('04:00:00').</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null!;
                case TimeSpan span:
                    return span;
                case string text:
                    try
                    {
                        return Expiry.ParseDuration(text);
                    }
                    catch (ProviderException error)
                    {
                        throw new ArgumentTransformationMetadataException(error.Message.Replace("Invalid configuration for TimeToLive: ", string.Empty), error);
                    }
            }

            throw new ArgumentTransformationMetadataException(
                string.Format(CultureInfo.InvariantCulture, "Cannot use '{0}' as a duration: pass '4h', '30m', '2d' or a TimeSpan.", value));
        }
    }
}
