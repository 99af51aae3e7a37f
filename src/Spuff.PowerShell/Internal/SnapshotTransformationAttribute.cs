using System;
using System.Management.Automation;
using Spuff.Core;

namespace Spuff.PowerShell.Internal
{
    /// <summary>Lets -FromSnapshot take a snapshot id, or a deserialized snapshot (Start-Job, Import-Clixml), as
    /// well as a Snapshot object.</summary>
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

            if (inputData is PSObject record && record.TypeNames.Contains("Deserialized." + typeof(Snapshot).FullName))
            {
                var snapshotId = Convert.ToString(record.Properties["Id"]?.Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!string.IsNullOrWhiteSpace(snapshotId))
                {
                    return new Snapshot(snapshotId!, Convert.ToString(record.Properties["Name"]?.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
                    {
                        Provider = Convert.ToString(record.Properties["Provider"]?.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    };
                }
            }

            return value;
        }
    }
}
