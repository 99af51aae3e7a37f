using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Lets -Label take what records carry as well as a hashtable: a dictionary, an object with properties (a
    /// ConvertFrom-Json object or a deserialized label set), or text 'key=value;key2=value2' (a CSV cell).
    /// Anything else is left to PowerShell's own conversion, which names the parameter when it fails.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class LabelTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                case Hashtable _:
                    return value;
                case IDictionary dictionary:
                    var copy = new Hashtable(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        copy[entry.Key] = entry.Value;
                    }

                    return copy;
                case string text:
                    return FromText(text);
                case PSCustomObject _:
                    return FromProperties((PSObject)inputData!);
            }

            if (inputData is PSObject record && record.TypeNames.Count > 0 && record.TypeNames[0].StartsWith("Deserialized.", StringComparison.Ordinal))
            {
                return FromProperties(record);
            }

            return inputData;
        }

        private static Hashtable FromText(string text)
        {
            var labels = new Hashtable(StringComparer.Ordinal);
            foreach (var part in text.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = part.Trim();
                if (pair.Length == 0)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    throw new ArgumentTransformationMetadataException($"'{pair}' is not a label: write key=value, separated by ';'.");
                }

                labels[pair.Substring(0, equals).Trim()] = pair.Substring(equals + 1).Trim();
            }

            return labels;
        }

        private static Hashtable FromProperties(PSObject record)
        {
            var labels = new Hashtable(StringComparer.Ordinal);
            foreach (var property in record.Properties)
            {
                var item = property.Value is PSObject w ? w.BaseObject : property.Value;
                labels[property.Name] = Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty;
            }

            return labels;
        }
    }
}
