using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using Spuff.Core;

namespace Spuff.PowerShell.Serialization
{
    /// <summary>
    /// Turns a deserialized instance or snapshot (from Import-Clixml, Start-Job, remoting) back into the live
    /// <see cref="ProviderInstance"/> or <see cref="Snapshot"/>, so it gets the same members, views and serialization
    /// as the original. Spuff.Types.ps1xml names it as the type converter of both types and names them as the
    /// TargetTypeForDeserialization of their Deserialized.* type names. Only objects that carry that type name are
    /// converted; anything else (a CSV row, a hashtable) is left to parameter binding by property name.
    /// </summary>
    public sealed class DeserializedObjectConverter : PSTypeConverter
    {
        private const string InstanceTypeName = "Deserialized.Spuff.Core.ProviderInstance";
        private const string SnapshotTypeName = "Deserialized.Spuff.Core.Snapshot";

        public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
            sourceValue is PSObject source && TargetOf(source) == destinationType;

        public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
        {
            if (!(sourceValue is PSObject source) || TargetOf(source) != destinationType)
            {
                throw new PSInvalidCastException($"Cannot convert {sourceValue?.GetType().FullName ?? "null"} to {destinationType}.");
            }

            return destinationType == typeof(ProviderInstance) ? ToInstance(source) : (object)ToSnapshot(source);
        }

        public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

        public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
            throw new PSInvalidCastException($"Cannot convert to {destinationType}.");

        private static Type? TargetOf(PSObject source)
        {
            var names = source.TypeNames;
            return names.Contains(InstanceTypeName) ? typeof(ProviderInstance)
                : names.Contains(SnapshotTypeName) ? typeof(Snapshot)
                : null;
        }

        private static ProviderInstance ToInstance(PSObject source)
        {
            var address = Text(source, "IPAddress");
            var instance = new ProviderInstance(
                Text(source, "Id") ?? throw new PSInvalidCastException("The deserialized instance has no Id."),
                InstanceStatus.Parse(Text(source, "Status") ?? string.Empty),
                address != null && IPAddress.TryParse(address, out var parsed) ? parsed : null,
                Time(source, "CreatedAt") ?? DateTimeOffset.MinValue)
            {
                Name = Text(source, "Name") ?? string.Empty,
                Provider = Text(source, "Provider") ?? string.Empty,
                Region = Text(source, "Region"),
                Size = Text(source, "Size"),
                Image = Text(source, "Image"),
                Labels = Labels(source),
            };
            return instance;
        }

        private static Snapshot ToSnapshot(PSObject source)
        {
            var sizeGb = Value(source, "SizeGb");
            return new Snapshot(
                Text(source, "Id") ?? throw new PSInvalidCastException("The deserialized snapshot has no Id."),
                Text(source, "Name") ?? string.Empty)
            {
                Provider = Text(source, "Provider") ?? string.Empty,
                CreatedAt = Time(source, "CreatedAt"),
                SizeGb = sizeGb == null ? (double?)null : Convert.ToDouble(sizeGb, CultureInfo.InvariantCulture),
                SourceInstanceId = Text(source, "SourceInstanceId"),
                Regions = Value(source, "Regions") is IEnumerable regions && !(regions is string)
                    ? regions.Cast<object>().Select(r => Convert.ToString(Unwrap(r), CultureInfo.InvariantCulture)!).ToList()
                    : new List<string>(),
                Labels = Labels(source),
            };
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static object? Value(PSObject source, string name) => Unwrap(source.Properties[name]?.Value);

        private static string? Text(PSObject source, string name)
        {
            var value = Value(source, name);
            return value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        /// <summary>CliXml has no DateTimeOffset: it arrives as a property bag with UtcDateTime and Offset.</summary>
        private static DateTimeOffset? Time(PSObject source, string name)
        {
            var raw = source.Properties[name]?.Value;
            switch (Unwrap(raw))
            {
                case null:
                    return null;
                case DateTimeOffset time:
                    return time;
                case DateTime date:
                    return new DateTimeOffset(date.ToUniversalTime(), TimeSpan.Zero);
            }

            if (raw is PSObject bag && Unwrap(bag.Properties["UtcDateTime"]?.Value) is DateTime utc)
            {
                var offset = Unwrap(bag.Properties["Offset"]?.Value) is TimeSpan span ? span : TimeSpan.Zero;
                return new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(offset);
            }

            return DateTimeOffset.TryParse(Convert.ToString(Unwrap(raw), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : (DateTimeOffset?)null;
        }

        private static IReadOnlyDictionary<string, string> Labels(PSObject source)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            switch (Value(source, "Labels"))
            {
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        labels[Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture)!] = Convert.ToString(Unwrap(entry.Value), CultureInfo.InvariantCulture) ?? string.Empty;
                    }

                    break;
                case string text:
                    return LabelSet.Parse(text);
            }

            return labels;
        }
    }
}
