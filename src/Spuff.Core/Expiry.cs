using System;
using System.Collections.Generic;
using System.Globalization;

namespace Spuff.Core
{
    /// <summary>
    /// When an instance should be gone: a label <c>spuff-expires=&lt;unix seconds&gt;</c> that every provider can
    /// carry as it is (a DigitalOcean tag <c>spuff-expires:1767225600</c>, a Hetzner label, an EC2 tag, a Docker
    /// label). Recorded by New-SpuffInstance -TimeToLive; read into <see cref="ProviderInstance.ExpiresAt"/>.
    /// </summary>
    public static class Expiry
    {
        public const string Label = "spuff-expires";

        /// <summary>The label value for an expiry: whole Unix seconds, rounded up.</summary>
        public static string Format(DateTimeOffset expiresAt)
        {
            var seconds = expiresAt.ToUnixTimeSeconds();
            if (expiresAt.UtcTicks % TimeSpan.TicksPerSecond != 0)
            {
                seconds++;
            }

            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The expiry a label set carries, or null when it has none or an unreadable one.</summary>
        public static DateTimeOffset? Read(IReadOnlyDictionary<string, string>? labels)
        {
            if (labels == null || !labels.TryGetValue(Label, out var value) ||
                !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
                seconds > 253402300799L)
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        /// <summary>
        /// Parses a time to live: a TimeSpan string ("04:00:00") or a number with a unit: s, m, h, d, w
        /// ("4h", "30m", "2d", "1h30m"). Throws InvalidConfig naming <paramref name="field"/> otherwise.
        /// </summary>
        public static TimeSpan ParseDuration(string text, string field = "TimeToLive")
        {
            var value = (text ?? string.Empty).Trim();
            if (value.Length == 0)
            {
                throw ProviderException.InvalidConfig(field, "the duration is empty; use e.g. '4h', '30m', '2d' or '01:30:00'.");
            }

            var total = TimeSpan.Zero;
            var position = 0;
            var parts = 0;
            while (position < value.Length)
            {
                var start = position;
                while (position < value.Length && (char.IsDigit(value[position]) || value[position] == '.'))
                {
                    position++;
                }

                if (position == start || position >= value.Length)
                {
                    // A number without a unit ("4h30"): not a duration of this form.
                    parts = -1;
                    break;
                }

                if (!double.TryParse(value.Substring(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    break;
                }

                var unit = char.ToLowerInvariant(value[position++]);
                TimeSpan part;
                switch (unit)
                {
                    case 's': part = TimeSpan.FromSeconds(number); break;
                    case 'm': part = TimeSpan.FromMinutes(number); break;
                    case 'h': part = TimeSpan.FromHours(number); break;
                    case 'd': part = TimeSpan.FromDays(number); break;
                    case 'w': part = TimeSpan.FromDays(7 * number); break;
                    default: part = TimeSpan.MinValue; break;
                }

                if (part == TimeSpan.MinValue)
                {
                    parts = -1;
                    break;
                }

                total += part;
                parts++;
            }

            if (parts > 0 && position == value.Length)
            {
                return total;
            }

            if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && value.IndexOf(':') >= 0)
            {
                return span;
            }

            throw ProviderException.InvalidConfig(field, $"'{text}' is not a duration; use e.g. '4h', '30m', '2d', '1h30m' or '01:30:00'.");
        }
    }
}
