using System;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Lets -FromSnapshot take a snapshot id as well as a Snapshot object.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SnapshotTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string id && !string.IsNullOrWhiteSpace(id))
            {
                return new Snapshot(id.Trim(), string.Empty);
            }

            if (value is int || value is long)
            {
                return new Snapshot(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, string.Empty);
            }

            return value;
        }
    }
}
