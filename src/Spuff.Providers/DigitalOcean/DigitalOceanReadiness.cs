using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Http;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.DigitalOcean
{
    /// <summary>
    /// How DigitalOcean answers the shared readiness rules. A tag listing takes one tag, and each create has its own
    /// (<c>spuff-request:</c>), so the batch cannot be selected on the server. Instead a poll reads the one page of
    /// the managed listing where new droplets are (the last: the listing is oldest first; the first page's
    /// <c>meta.total</c> says which that is) and GETs only the pending droplets that page did not show. A batch made
    /// together costs one request a poll, whatever the account holds. A droplet that is <c>off</c> was powered off:
    /// DigitalOcean never starts it again by itself.
    /// </summary>
    internal sealed class DigitalOceanReadiness
    {
        private readonly DigitalOceanProvider _provider;
        private readonly ProviderHttpClient _http;
        private long? _managedTotal;

        public DigitalOceanReadiness(DigitalOceanProvider provider, ProviderHttpClient http)
        {
            _provider = provider;
            _http = http;
            Rules = new ReadinessRules(provider.Name, http.Settings.TimeProvider)
            {
                Pacer = provider.Pace,
                CannotBecomeReady = (instance, _) => Task.FromResult(CannotBecomeReady(instance)),
            };
        }

        public ReadinessRules Rules { get; }

        public async Task<BatchPoll> PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken)
        {
            var poll = new BatchPoll();
            if (batch)
            {
                var wanted = new HashSet<string>(pending.Select(t => t.Id), StringComparer.Ordinal);
                if (_managedTotal == null || Pages(_managedTotal.Value) == 1)
                {
                    // The first page tells the total, and while the account fits on it, it is the whole poll.
                    await ReadPageAsync(1, wanted, poll, cancellationToken).ConfigureAwait(false);
                }

                // DigitalOcean lists droplets oldest first, so a batch just made sits on the last pages: read back from
                // the last while a page still shows some of the batch and a page is cheaper than the GETs it saves.
                // Cost depends on this order, correctness never: whatever the pages did not show gets a GET below.
                var last = Pages(_managedTotal ?? 0);
                for (var number = last; number > 1 && wanted.Count - poll.Found.Count > 0; number--)
                {
                    if (await ReadPageAsync(number, wanted, poll, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        break;
                    }
                }
            }

            // Droplets the pages did not show (older ones, or one not visible yet): a GET each, so "not found" means
            // what a GET says, and the poll costs at most the batch plus the pages read.
            await BatchPolls.GetEachAsync(_provider.GetInstanceAsync, pending.Where(t => !poll.Found.ContainsKey(t.Id)), poll, cancellationToken).ConfigureAwait(false);
            return poll;
        }

        // Reads one page of the managed listing into the poll; returns how many of the wanted droplets it showed.
        private async Task<int> ReadPageAsync(int number, HashSet<string> wanted, BatchPoll poll, CancellationToken cancellationToken)
        {
            poll.Requests++;
            var page = await _http.GetAsync<DoDropletList>(
                $"droplets?tag_name={Uri.EscapeDataString(DigitalOceanTags.ManagedTag)}&page={number}&per_page={DigitalOceanProvider.PageSize}", cancellationToken).ConfigureAwait(false);
            if (page.Meta != null)
            {
                _managedTotal = page.Meta.Total;
            }

            var shown = 0;
            foreach (var droplet in page.Droplets)
            {
                var instance = _provider.ToInstance(droplet);
                if (wanted.Contains(instance.Id))
                {
                    poll.Found[instance.Id] = instance;
                    shown++;
                }
            }

            return shown;
        }

        private static ProviderException? CannotBecomeReady(ProviderInstance instance) =>
            string.Equals(instance.GetStatus().Raw, "off", StringComparison.Ordinal)
                ? new ProviderException(
                    ProviderErrorKind.Other,
                    $"Droplet {instance} is off, so it will not become ready by itself. Power it on with " +
                    $"`doctl compute droplet-action power-on {instance.Id}`, or remove it (Remove-SpuffInstance).")
                { ErrorCode = "off" }
                : null;

        private static int Pages(long total) => (int)Math.Max(1, (total + DigitalOceanProvider.PageSize - 1) / DigitalOceanProvider.PageSize);
    }
}
