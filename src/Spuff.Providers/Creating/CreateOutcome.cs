using System;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Creating
{
    /// <summary>
    /// The shared rules for a create whose outcome is unknown (docs/architecture.md, "Creates whose outcome is unknown"):
    /// an ambiguous failure (lost answer, timeout, 5xx) may have made the instance; lists and GETs may miss a new
    /// instance for a few seconds, so it is looked for again with backoff before anything is concluded; absence is
    /// claimed only when proved, otherwise the error says an instance may exist and how to find it; a name already
    /// carried by a Spuff instance is reported, never created twice.
    /// </summary>
    public static class CreateOutcome
    {
        /// <summary>True for failures after which the provider may or may not have acted on the create: network
        /// failures, timeouts, and 5xx (or status-less) API errors. 4xx answers mean the provider refused it.</summary>
        public static bool IsAmbiguous(ProviderException error) =>
            error.Kind == ProviderErrorKind.Network || error.Kind == ProviderErrorKind.Timeout ||
            (error.Kind == ProviderErrorKind.Api && (error.StatusCode == null || error.StatusCode >= 500));

        /// <summary>
        /// Probes for the instance an ambiguous create may have made until it is seen or <paramref name="window"/> has
        /// passed (backing off from half a second to 5 s, paced by the rate budget). A probe that fails counts as "not
        /// seen yet". Returns null when the instance was not seen: that is no proof that it does not exist.
        /// </summary>
        public static async Task<ProviderInstance?> LookAgainAsync(
            Func<CancellationToken, Task<ProviderInstance?>> probe,
            string what,
            TimeSpan window,
            TimeProvider time,
            Func<TimeSpan, TimeSpan>? pacer,
            IProviderLog? log,
            CancellationToken cancellationToken)
        {
            var options = new WaitOptions("look for " + what, window, TimeSpan.FromSeconds(5))
            {
                InitialInterval = TimeSpan.FromMilliseconds(Math.Min(500, Math.Max(1, window.TotalMilliseconds / 8))),
                TimeProvider = time,
                Pacer = pacer,
                TargetId = what,
            };
            try
            {
                return await Waiter.WaitAsync(
                    async ct =>
                    {
                        try
                        {
                            return await probe(ct).ConfigureAwait(false);
                        }
                        catch (ProviderException lookup) when (lookup.Kind != ProviderErrorKind.Authentication)
                        {
                            log?.Write(ProviderLogLevel.Debug, $"Looking for {what} failed ({lookup.Message}); looking again.");
                            return null;
                        }
                    },
                    found => found != null ? WaitDecision.Done("found") : WaitDecision.Continue("not visible"),
                    options,
                    null,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException timedOut) when (timedOut.Kind == ProviderErrorKind.Timeout)
            {
                return null;
            }
        }

        /// <summary>
        /// The error for a create that may have made an instance Spuff could not find: the original failure, what was
        /// checked, and the command that finds the instance. <see cref="ProviderException.OutcomeUnknown"/> is set.
        /// </summary>
        public static ProviderException MayExist(ProviderException original, string provider, string displayName, string name, string checkedWhat) =>
            OutcomeUnknown(
                original,
                provider,
                "instance",
                name,
                "create",
                $"{original.Message} The create request may have reached {displayName} even so: {checkedWhat} " +
                $"An instance named '{name}' may exist; find it with: Get-SpuffInstance -Provider {provider} -Name {name}");

        /// <summary>The original failure, re-told with <paramref name="message"/>, about a resource that may exist.</summary>
        internal static ProviderException OutcomeUnknown(ProviderException original, string provider, string resourceType, string name, string operation, string message) =>
            new ProviderException(original.Kind, message, original)
            {
                Provider = provider,
                StatusCode = original.StatusCode,
                ErrorCode = original.ErrorCode,
                RequestId = original.RequestId,
                ResourceType = resourceType,
                ResourceId = name,
                Operation = operation,
                OutcomeUnknown = true,
            };

        /// <summary>The error of a re-run: a Spuff instance already carries the name; <paramref name="existing"/> is it.</summary>
        public static ProviderException AlreadyExists(ProviderInstance existing, string provider, string displayName)
        {
            if (string.IsNullOrEmpty(existing.Provider))
            {
                existing.Provider = provider;
            }

            var error = ProviderException.AlreadyExists(
                existing,
                $"{displayName} already has a Spuff instance named '{existing.Name}' (id {existing.Id}, {existing.Status}); " +
                "no second one was created. It is most likely the one an earlier run of this command made.");
            error.Provider = provider;
            return error;
        }
    }
}
