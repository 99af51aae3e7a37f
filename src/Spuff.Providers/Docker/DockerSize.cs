using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Spuff.Core;

namespace Spuff.Providers.Docker
{
    /// <summary>
    /// A container size: CPU and memory limits written <c>&lt;cpus&gt;cpu-&lt;memory&gt;(mb|gb)</c> (e.g. <c>1cpu-1gb</c>,
    /// <c>0.5cpu-512mb</c>), or <c>none</c> (the default): no limits, the container shares the whole machine.
    /// </summary>
    internal sealed class DockerSize
    {
        public const string Unlimited = "none";
        private const long MiB = 1024L * 1024L;

        // Docker refuses less than 6 MiB of memory; anything under 16 MiB cannot run a shell usefully.
        private const long MinimumMemory = 16 * MiB;

        private static readonly Regex Pattern = new Regex(
            @"^(?<cpu>[0-9]+(\.[0-9]{1,2})?)cpu-(?<mem>[0-9]+)(?<unit>mb|gb)\z",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static readonly IReadOnlyList<CatalogEntry> Presets = new[]
        {
            new CatalogEntry(Unlimited, "No limits: the container shares every CPU and all memory (default)"),
            new CatalogEntry("1cpu-512mb", "1 CPU, 512 MB"),
            new CatalogEntry("1cpu-1gb", "1 CPU, 1 GB"),
            new CatalogEntry("1cpu-2gb", "1 CPU, 2 GB"),
            new CatalogEntry("2cpu-2gb", "2 CPUs, 2 GB"),
            new CatalogEntry("2cpu-4gb", "2 CPUs, 4 GB"),
            new CatalogEntry("4cpu-8gb", "4 CPUs, 8 GB"),
        };

        private DockerSize(string name, long nanoCpus, long memoryBytes)
        {
            Name = name;
            NanoCpus = nanoCpus;
            MemoryBytes = memoryBytes;
        }

        /// <summary>The canonical spelling, stored on the container (label spuff.size) and shown as its Size.</summary>
        public string Name { get; }

        /// <summary>CPU limit in billionths of a CPU (HostConfig.NanoCPUs); 0 = none.</summary>
        public long NanoCpus { get; }

        /// <summary>Memory limit (HostConfig.Memory, and MemorySwap so no swap is added); 0 = none.</summary>
        public long MemoryBytes { get; }

        public static DockerSize Parse(string? text)
        {
            var value = (text ?? string.Empty).Trim();
            if (value.Length == 0 || string.Equals(value, Unlimited, StringComparison.OrdinalIgnoreCase))
            {
                return new DockerSize(Unlimited, 0, 0);
            }

            var match = Pattern.Match(value);
            if (!match.Success)
            {
                throw Invalid($"'{value}' is not a Docker size. Use '<cpus>cpu-<memory>mb|gb' such as 1cpu-1gb or 0.5cpu-512mb, " +
                    "or 'none' for no limits.");
            }

            // ASCII digits only ([0-9], not \d), but still any number of them: too many for the type is too big a size.
            var gigabytes = string.Equals(match.Groups["unit"].Value, "gb", StringComparison.OrdinalIgnoreCase);
            if (!decimal.TryParse(match.Groups["cpu"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) ||
                cpus < 0.01m || cpus > 1024m)
            {
                throw Invalid($"'{value}' asks for {match.Groups["cpu"].Value} CPUs; use 0.01 to 1024 (the engine also refuses more CPUs than the machine has).");
            }

            if (!long.TryParse(match.Groups["mem"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ||
                amount > (gigabytes ? 4096 : 4096 * 1024))
            {
                throw Invalid($"'{value}' asks for more than 4 TB of memory.");
            }

            var memory = amount * (gigabytes ? 1024 * MiB : MiB);
            if (memory < MinimumMemory)
            {
                throw Invalid($"'{value}' gives the container {amount} MB of memory; give it at least 16 MB.");
            }

            var name = cpus.ToString("0.##", CultureInfo.InvariantCulture) + "cpu-" + amount.ToString(CultureInfo.InvariantCulture) +
                (gigabytes ? "gb" : "mb");
            return new DockerSize(name, (long)(cpus * 1_000_000_000m), memory);
        }

        private static ProviderException Invalid(string message)
        {
            var error = ProviderException.InvalidConfig("Size", message);
            error.Provider = DockerProvider.ProviderName;
            return error;
        }
    }
}
