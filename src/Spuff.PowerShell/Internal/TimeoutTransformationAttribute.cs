using System;
using System.Globalization;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Lets -Timeout take seconds (300, '90') as well as a TimeSpan ('00:05:00', New-TimeSpan -Minutes 5).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan span:
                    return span;
                case int _:
                case long _:
                case short _:
                case byte _:
                case double _:
                case float _:
                case decimal _:
                    return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case string text:
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                    {
                        return TimeSpan.FromSeconds(seconds);
                    }

                    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }

                    break;
            }

            throw new ArgumentTransformationMetadataException(
                $"Cannot use '{value}' as a timeout: pass seconds (300) or a TimeSpan ('00:05:00').");
        }
    }
}
