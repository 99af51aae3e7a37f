using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Creating
{
    /// <summary>
    /// The rules for a snapshot request whose outcome is unknown (docs/architecture.md, "Creates whose outcome is
    /// unknown"): after an ambiguous failure (<see cref="CreateOutcome.IsAmbiguous"/>) the snapshot the request may have
    /// started is looked for with backoff; what is found is continued with; the request is sent again only when the
    /// lookup itself answered at the end of the window and showed nothing (absence proved); otherwise the error says a
    /// snapshot may exist and how to find it.
    /// </summary>
    public static class SnapshotOutcome
    {
        /// <summary>Snapshot requests sent at most, counting resends after proved absence.</summary>
        public const int Attempts = 3;

        /// <summary>
        /// Probes with <see cref="CreateOutcome.LookAgainAsync"/> for up to <paramref name="window"/>. Returns what was
        /// found, or null with <c>AbsenceProved</c> true only when the last probe answered (a failed probe proves nothing).
        /// </summary>
        public static async Task<(T? Found, bool AbsenceProved)> LookForAsync<T>(
            Func<CancellationToken, Task<T?>> probe,
            string what,
            TimeSpan window,
            TimeProvider time,
            Func<TimeSpan, TimeSpan>? pacer,
            IProviderLog? log,
            CancellationToken cancellationToken)
            where T : class
        {
            var lastAnswered = false;
            T? found = null;
            await CreateOutcome.LookAgainAsync(
                async ct =>
                {
                    lastAnswered = false;
                    found = await probe(ct).ConfigureAwait(false);
                    lastAnswered = true;
                    // LookAgainAsync speaks of instances; any non-null marker means "seen".
                    return found == null ? null : Seen;
                },
                what,
                window,
                time,
                pacer,
                log,
                cancellationToken).ConfigureAwait(false);
            return (found, found == null && lastAnswered);
        }

        /// <summary>
        /// The error for a snapshot request that may have started a snapshot Spuff could not find: the original
        /// failure, what was checked and the command that finds it. <see cref="ProviderException.OutcomeUnknown"/> is set.
        /// </summary>
        public static ProviderException MayExist(ProviderException original, string provider, string displayName, string name, string checkedWhat) =>
            CreateOutcome.OutcomeUnknown(
                original,
                provider,
                "snapshot",
                name,
                "snapshot",
                $"{original.Message} The snapshot request may have reached {displayName} even so: {checkedWhat} " +
                $"A snapshot named '{name}' may exist; find it with: Get-SpuffSnapshot -Provider {provider} -Name '{name.Replace("'", "''")}'");

        private static readonly ProviderInstance Seen = new ProviderInstance("seen", InstanceStatus.Unknown("seen"), null, DateTimeOffset.MinValue);
    }
}
